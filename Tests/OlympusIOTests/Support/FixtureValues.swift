import Foundation
import OlympusCore
import OlympusTestSupport
import Testing

/// The formulas of Scripts/generate-io-fixtures.py: element i (row-major) of a float is i/2 − 3,
/// of a signed integer 7i − 50, of an unsigned integer i, of a bool i % 3 == 0.
enum FixtureValues {
  static func floats(_ count: Int) -> [Double] { (0..<count).map { Double($0) / 2 - 3 } }
  static func signed(_ count: Int) -> [Int] { (0..<count).map { 7 * $0 - 50 } }
  static func unsigned(_ count: Int) -> [Int] { Array(0..<count) }
  static func bools(_ count: Int) -> [Bool] { (0..<count).map { $0 % 3 == 0 } }

  /// The URL of fixture `name`.
  static func url(_ name: String) throws -> URL {
    try FixtureFiles(.module).url(name)
  }
}

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct TemporaryDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("olympus-io-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  func file(_ name: String) -> URL { url.appendingPathComponent(name) }

  /// Writes `bytes` to `name` and returns its URL.
  func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
    let file = file(name)
    try Data(bytes).write(to: file)
    return file
  }

  func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Expects `body` to throw an `OlympusError` whose description contains every one of `fragments`.
func expectOlympusError(
  _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
  do {
    try body()
    Issue.record("expected an error containing \(fragments)", sourceLocation: sourceLocation)
  } catch let error as OlympusError {
    for fragment in fragments {
      #expect(error.description.contains(fragment), "\(error.description)", sourceLocation: sourceLocation)
    }
  } catch {
    Issue.record("expected an OlympusError, got \(error)", sourceLocation: sourceLocation)
  }
}

/// Little-endian bytes of integers, for building files by hand.
func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
  withUnsafeBytes(of: value.littleEndian, Array.init)
}
