// swift-tools-version: 6.0
import PackageDescription

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
    .library(name: "OlympusSolvers", targets: ["OlympusSolvers"]),
  ],
  targets: [
    // C loops compiled with per-function target attributes (AVX2/FMA) and run-time CPU dispatch.
    .target(name: "COlympusKernels", linkerSettings: [.linkedLibrary("m"), .linkedLibrary("dl", .when(platforms: [.linux]))]),
    .target(name: "OlympusKernels", dependencies: ["COlympusKernels"]),
    .target(name: "OlympusCore", dependencies: ["OlympusKernels"]),
    // Data sets and batching; the one library module that uses Foundation (resources, files).
    .target(
      name: "OlympusData", dependencies: ["OlympusCore"], resources: [.copy("Resources/digits"), .copy("Resources/linreg"), .copy("Resources/nist")]),
    // Neural-network layers, activations, initializers and losses, composed from public operations.
    .target(name: "OlympusNN", dependencies: ["OlympusCore"]),
    // Gradient transformations (optax style) and PyTorch-style optimizers.
    .target(name: "OlympusOptimizers", dependencies: ["OlympusCore"]),
    // The layout of zlib's stream, for OlympusIO's run-time (dlopen) use of zlib.
    .target(name: "COlympusZlib"),
    // Files: .npy, .npz and safetensors, state dicts and checkpoints; uses Foundation (URLs).
    .target(name: "OlympusIO", dependencies: ["OlympusCore", "COlympusZlib"]),
    // Linear operators, matrix-free linear solvers, least squares and minimization.
    .target(name: "OlympusSolvers", dependencies: ["OlympusCore"]),
    .target(
      name: "Olympus",
      dependencies: ["OlympusCore", "OlympusKernels", "OlympusData", "OlympusNN", "OlympusOptimizers", "OlympusIO", "OlympusSolvers"]),
    .executableTarget(name: "olympus-demo", dependencies: ["Olympus"]),
    .executableTarget(name: "olympus-bench", dependencies: ["Olympus"]),
    .testTarget(name: "OlympusKernelsTests", dependencies: ["OlympusKernels"]),
    .testTarget(name: "OlympusDataTests", dependencies: ["OlympusData"]),
    .testTarget(name: "OlympusCoreTests", dependencies: ["OlympusCore", "OlympusData"], resources: [.copy("Fixtures")]),
    .testTarget(name: "OlympusNNTests", dependencies: ["OlympusNN"], resources: [.copy("Fixtures")]),
    .testTarget(name: "OlympusOptimizersTests", dependencies: ["OlympusOptimizers"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "OlympusIOTests", dependencies: ["OlympusIO", "OlympusNN", "OlympusOptimizers"], resources: [.copy("Fixtures")]),
    .testTarget(name: "OlympusSolversTests", dependencies: ["OlympusSolvers", "OlympusData"]),
  ],
  swiftLanguageModes: [.v6]
)
