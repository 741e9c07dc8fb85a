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
  ],
  targets: [
    // C loops compiled with per-function target attributes (AVX2/FMA) and run-time CPU dispatch.
    .target(name: "COlympusKernels", linkerSettings: [.linkedLibrary("m"), .linkedLibrary("dl", .when(platforms: [.linux]))]),
    .target(name: "OlympusKernels", dependencies: ["COlympusKernels"]),
    .target(name: "OlympusCore", dependencies: ["OlympusKernels"]),
    .target(name: "OlympusOptimizers", dependencies: ["OlympusCore"]),
    .target(name: "Olympus", dependencies: ["OlympusCore", "OlympusKernels", "OlympusOptimizers"]),
    .executableTarget(name: "olympus-demo", dependencies: ["Olympus"]),
    .executableTarget(name: "olympus-bench", dependencies: ["Olympus"]),
    .testTarget(name: "OlympusKernelsTests", dependencies: ["OlympusKernels"]),
    .testTarget(name: "OlympusCoreTests", dependencies: ["OlympusCore"], resources: [.copy("Fixtures")]),
    .testTarget(name: "OlympusOptimizersTests", dependencies: ["OlympusOptimizers"], resources: [.copy("Fixtures")]),
  ],
  swiftLanguageModes: [.v6]
)
