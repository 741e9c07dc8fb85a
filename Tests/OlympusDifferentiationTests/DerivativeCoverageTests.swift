import Foundation
import Testing

/// Fails when a public differentiable operation has no derivative registered with Swift's
/// differentiation: the public operations are read from the sources (every `public func`,
/// operator and subscript of `Sources/OlympusCore/Ops`, the free functions of
/// `Sources/OlympusCore/Primitives` and of the structured control flow in
/// `Sources/OlympusCore/Transforms/ControlFlow*.swift`, OlympusNN's activations, functional layers and losses) and
/// counted by name, overloads included, against the `@derivative(of:)` attributes of
/// `Sources/OlympusDifferentiation`. A new operation, or a new overload of one, fails the test
/// until its derivative is registered or it is listed below as not differentiable.
@Suite("Every public differentiable operation has a registered derivative")
struct DerivativeCoverageTests {
  /// Public operations without a derivative, by name, with the reason.
  static let notDifferentiable: [String: String] = [
    "randn": "random numbers from a key", "rand": "random numbers from a key",
    "slice": "builds a TensorIndex, no tensor",
    "whileLoop": "forward-mode only in Olympus (as in JAX): no pullback to register",
  ]

  /// Overloads that cannot be registered, by name: how many, and why.
  static let unregistrableOverloads: [String: (count: Int, reason: String)] = [
    "einsum": (1, "the variadic form: Swift 6.3 takes a variadic parameter for one tensor in a derivative; use the array form")
  ]

  /// The package's root directory, three levels above this file.
  static let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The Swift files under `directory` (relative to the root), recursively.
  static func swiftFiles(under directory: String, named prefix: String = "") throws -> [String] {
    let base = root.appending(path: directory)
    guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
    return try enumerator.compactMap { $0 as? URL }
      .filter { $0.pathExtension == "swift" && $0.lastPathComponent.hasPrefix(prefix) }
      .map { try String(contentsOf: $0, encoding: .utf8) }
  }

  /// The name of every public function, operator or subscript declared in `text` whose signature
  /// involves a `Tensor` (inside `extension Tensor`, `self` counts); `topLevelOnly` keeps the free
  /// functions only.
  static func publicOperations(in text: String, topLevelOnly: Bool) -> [String] {
    var names: [String] = []
    var inTensorExtension = false
    let lines = text.components(separatedBy: "\n")
    for (index, line) in lines.enumerated() {
      if !line.hasPrefix(" ") && !line.isEmpty && !line.hasPrefix("}") && !line.hasPrefix("//") {
        inTensorExtension = line.hasPrefix("extension Tensor ") || line.hasPrefix("extension Tensor:")
      }
      if topLevelOnly && line.hasPrefix(" ") { continue }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard let name = declaredName(trimmed) else { continue }
      // The signature: this line and the following ones up to the opening brace.
      var signature = ""
      for next in lines[index...] {
        signature += next
        if next.contains("{") || next.trimmingCharacters(in: .whitespaces).hasSuffix(")") && next.contains("->") { break }
      }
      let head = signature.components(separatedBy: "{")[0]
      if inTensorExtension || head.range(of: #"\bTensor\b"#, options: .regularExpression) != nil { names.append(name) }
    }
    return names
  }

  /// `name` for a line declaring `public [static] [prefix] func name(` or `public subscript(`.
  static func declaredName(_ line: String) -> String? {
    if line.hasPrefix("public subscript(") { return "subscript" }
    let pattern = #"^public (static )?(prefix )?func ([^ (]+)"#
    guard let match = line.range(of: pattern, options: .regularExpression) else { return nil }
    let name = String(line[match].split(separator: " ").last!)
    // A generic function's parameters are not part of its name; operators (`.<`) keep theirs.
    return name.first!.isLetter ? String(name.prefix { $0 != "<" }) : name
  }

  /// How many `@derivative(of: name…)` attributes each name has in OlympusDifferentiation.
  static func registeredDerivatives() throws -> [String: Int] {
    var counts: [String: Int] = [:]
    for text in try swiftFiles(under: "Sources/OlympusDifferentiation") {
      for line in text.components(separatedBy: "\n") {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("@derivative(of: ") else { continue }
        let rest = trimmed.dropFirst("@derivative(of: ".count)
        let name = rest.prefix { !"(,)".contains($0) }
        counts[String(name), default: 0] += 1
      }
    }
    return counts
  }

  /// Every public operation's name, once per overload.
  static func declaredOperations() throws -> [String] {
    var names: [String] = []
    for text in try swiftFiles(under: "Sources/OlympusCore/Ops") { names += publicOperations(in: text, topLevelOnly: false) }
    for text in try swiftFiles(under: "Sources/OlympusCore/Primitives") { names += publicOperations(in: text, topLevelOnly: true) }
    for text in try swiftFiles(under: "Sources/OlympusCore/Transforms", named: "ControlFlow") {
      names += publicOperations(in: text, topLevelOnly: true)
    }
    for directory in ["Activations", "Functional", "Losses"] {
      for text in try swiftFiles(under: "Sources/OlympusNN/\(directory)") {
        names += publicOperations(in: text, topLevelOnly: true)
      }
    }
    return names
  }

  @Test func theSourcesAreRead() throws {
    // Guards the extraction itself: a broken path or pattern would otherwise find nothing to check.
    let declared = try Self.declaredOperations()
    #expect(declared.count > 150, "found only \(declared.count) public operations")
    for name in ["exp", "matmul", "sum", "subscript", "+", "solve", "relu", "crossEntropy", "erf", "item", "scan"] {
      #expect(declared.contains(name), "\(name) was not found among the public operations")
    }
  }

  @Test func everyOperationHasADerivative() throws {
    var declared: [String: Int] = [:]
    for name in try Self.declaredOperations() where Self.notDifferentiable[name] == nil { declared[name, default: 0] += 1 }
    for (name, overloads) in Self.unregistrableOverloads { declared[name, default: 0] -= overloads.count }
    let registered = try Self.registeredDerivatives()
    for (name, count) in declared.sorted(by: { $0.key < $1.key }) {
      #expect(
        registered[name, default: 0] >= count,
        "\(name): \(count) public overloads, \(registered[name, default: 0]) registered derivatives")
    }
  }

  @Test func everyLayerIsDifferentiable() throws {
    let layerFiles = try Self.swiftFiles(under: "Sources/OlympusNN/Layers").joined(separator: "\n")
    let pattern = #"public (struct|enum) ([A-Za-z0-9]+)(<[^>]*>)?: Module"#
    let regex = try Regex(pattern)
    let layers = layerFiles.matches(of: regex).map { String(layerFiles[$0.range]).components(separatedBy: " ")[2] }
      .map { $0.components(separatedBy: CharacterSet(charactersIn: "<:")).first! }
    #expect(layers.count >= 14, "found only \(layers) in Sources/OlympusNN/Layers")
    let interop = try Self.swiftFiles(under: "Sources/OlympusDifferentiation").joined(separator: "\n")
    // `forward(_:mode:)` is deliberately not registered: a derivative of a function whose result
    // holds the layer crashes Swift 6.3.1's optimizer (Guides/SwiftDifferentiation.md).
    for layer in layers {
      // The layer's conformance, and in the same extension the derivative of its call.
      let parts = interop.components(separatedBy: "extension \(layer): Differentiable")
      #expect(parts.count == 2, "\(layer) is not declared Differentiable (once)")
      guard parts.count == 2 else { continue }
      let body = parts[1].components(separatedBy: "\nextension ")[0]
      #expect(body.contains("@derivative(of: callAsFunction)"), "\(layer).callAsFunction has no registered derivative")
    }
  }
}
