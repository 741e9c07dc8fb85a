// swift-tools-version: 6.0
// libFuzzer targets for OlympusIO's parsers, kept out of the root package so that `swift build`
// there never needs the fuzzer runtime. Build and run with Scripts/fuzz.sh.
import PackageDescription

let io: [Target.Dependency] = [
  "CLibFuzzerDriver", .product(name: "OlympusCore", package: "Olympus"), .product(name: "OlympusIO", package: "Olympus"),
]

let package = Package(
  name: "OlympusFuzz",
  platforms: [.macOS(.v15)],
  dependencies: [.package(name: "Olympus", path: "..")],
  targets: [
    .target(name: "CLibFuzzerDriver"),
    .executableTarget(name: "fuzz-npy", dependencies: io),
    .executableTarget(name: "fuzz-npz", dependencies: io),
    .executableTarget(name: "fuzz-safetensors", dependencies: io),
  ],
  swiftLanguageModes: [.v6]
)
