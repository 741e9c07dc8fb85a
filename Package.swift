// swift-tools-version: 6.0
import PackageDescription

/// `OLYMPUS_DISABLE_SWIFT_AD=1` leaves out the Swift-differentiation interop (target, product and
/// tests), as a toolchain without `_Differentiation` would; everything else builds and tests the same.
let swiftDifferentiationEnabled = Context.environment["OLYMPUS_DISABLE_SWIFT_AD"] != "1"

let package = Package(
  name: "Olympus",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "Olympus", targets: ["Olympus"]),
    .library(name: "OlympusCore", targets: ["OlympusCore"]),
    .library(name: "OlympusOptimizers", targets: ["OlympusOptimizers"]),
    .library(name: "OlympusKernels", targets: ["OlympusKernels"]),
    .library(name: "OlympusData", targets: ["OlympusData"]),
    .library(name: "OlympusNN", targets: ["OlympusNN"]),
    .library(name: "OlympusIO", targets: ["OlympusIO"]),
    .library(name: "OlympusDistributed", targets: ["OlympusDistributed"]),
    .library(name: "OlympusSolvers", targets: ["OlympusSolvers"]),
  ],
  // Only `swift package generate-documentation` (Scripts/check-docs.sh) uses the DocC plugin; no
  // library or executable links anything from it.
  dependencies: [.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0")],
  targets: [
    // C loops compiled with per-function target attributes (AVX2/FMA) and run-time CPU dispatch.
    .target(name: "COlympusKernels", linkerSettings: [.linkedLibrary("m"), .linkedLibrary("dl", .when(platforms: [.linux]))]),
    .target(name: "OlympusKernels", dependencies: ["COlympusKernels"]),
    .target(name: "OlympusCore", dependencies: ["OlympusKernels"]),
    // Data sets and batching; the one library module that uses Foundation (resources, files).
    .target(
      name: "OlympusData", dependencies: ["OlympusCore"],
      resources: [.copy("Resources/digits"), .copy("Resources/linreg"), .copy("Resources/nist"), .copy("Resources/shakespeare")]),
    // Neural-network layers, activations, initializers and losses, composed from public operations.
    .target(name: "OlympusNN", dependencies: ["OlympusCore"]),
    // Gradient transformations (optax style) and PyTorch-style optimizers.
    .target(name: "OlympusOptimizers", dependencies: ["OlympusCore"]),
    // The layout of zlib's stream, for OlympusIO's run-time (dlopen) use of zlib.
    .target(name: "COlympusZlib"),
    // Files: .npy, .npz and safetensors, state dicts and checkpoints; uses Foundation (URLs).
    .target(name: "OlympusIO", dependencies: ["OlympusCore", "COlympusZlib"]),
    // Collectives and data-parallel training over Open MPI, loaded at run time with dlopen (the
    // package builds and runs without MPI).
    .target(name: "OlympusDistributed", dependencies: ["OlympusCore", "OlympusKernels", "OlympusData"]),
    // Linear operators, matrix-free linear solvers, least squares and minimization.
    .target(name: "OlympusSolvers", dependencies: ["OlympusCore"]),
    .target(
      name: "Olympus",
      dependencies: [
        "OlympusCore", "OlympusKernels", "OlympusData", "OlympusNN", "OlympusOptimizers", "OlympusIO", "OlympusDistributed",
        "OlympusSolvers",
      ]),
    // What the test targets share: tolerances that state where they come from, agreement checks,
    // a seeded generator. Only test targets depend on it.
    .target(name: "OlympusTestSupport", dependencies: ["OlympusCore"]),
    .executableTarget(name: "olympus-demo", dependencies: ["Olympus"]),
    .executableTarget(name: "olympus-bench", dependencies: ["Olympus"]),
    // The distributed tests, run under mpirun by Scripts/mpi-test.sh.
    .executableTarget(name: "olympus-distributed-tests", dependencies: ["Olympus"]),
    .testTarget(name: "OlympusKernelsTests", dependencies: ["OlympusKernels", "OlympusTestSupport"]),
    .testTarget(name: "OlympusDataTests", dependencies: ["OlympusData"]),
    .testTarget(
      name: "OlympusCoreTests", dependencies: ["OlympusCore", "OlympusData", "OlympusDistributed", "OlympusTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(name: "OlympusNNTests", dependencies: ["OlympusNN", "OlympusTestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "OlympusOptimizersTests", dependencies: ["OlympusOptimizers", "OlympusTestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "OlympusDistributedTests", dependencies: ["OlympusDistributed"]),
    .testTarget(
      name: "OlympusIOTests", dependencies: ["OlympusIO", "OlympusNN", "OlympusOptimizers", "OlympusTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(name: "OlympusSolversTests", dependencies: ["OlympusSolvers", "OlympusData"]),
  ],
  swiftLanguageModes: [.v6]
)

if swiftDifferentiationEnabled {
  package.products.append(.library(name: "OlympusDifferentiation", targets: ["OlympusDifferentiation"]))
  package.targets += [
    // Swift's own differentiation (`import _Differentiation`) on Olympus tensors, layers and
    // optimizers; its sources compile to nothing where the toolchain lacks the module.
    .target(name: "OlympusDifferentiation", dependencies: ["OlympusCore", "OlympusNN", "OlympusOptimizers"]),
    .testTarget(name: "OlympusDifferentiationTests", dependencies: ["OlympusDifferentiation", "OlympusData"]),
  ]
  for target in package.targets where target.name == "olympus-bench" {
    target.dependencies.append("OlympusDifferentiation")
  }
}
