// The shared test support (tolerances, agreement checks, the seeded generator), visible in every
// file of this test target.
@_exported import OlympusTestSupport
