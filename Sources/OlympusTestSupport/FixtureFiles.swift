import Foundation

/// A fixture a test cannot use: a missing file, a malformed value, an absent case.
public struct FixtureError: Error, CustomStringConvertible {
  /// What is wrong, naming the file or case.
  public var description: String

  /// An error saying `description`.
  public init(_ description: String) { self.description = description }
}

/// The fixture files of a test target: its `Fixtures` folder, which the target copies into its
/// resource bundle (`resources: [.copy("Fixtures")]` in Package.swift). A test target passes its
/// own bundle: `FixtureFiles(.module)`.
public struct FixtureFiles {
  /// The test target's resource bundle.
  public let bundle: Bundle

  /// The fixtures in `bundle`'s `Fixtures` folder.
  public init(_ bundle: Bundle) { self.bundle = bundle }

  /// The location of `Fixtures/name` (`name` with its extension); throws when the bundle lacks it.
  public func url(_ name: String) throws -> URL {
    guard let url = bundle.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
      throw FixtureError("Fixtures/\(name) is missing from the test bundle")
    }
    return url
  }

  /// The bytes of `Fixtures/name`.
  public func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }

  /// `Fixtures/name` decoded from JSON as a `T`.
  public func decoded<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
    try JSONDecoder().decode(type, from: data(name))
  }

  /// `Fixtures/name` parsed by `JSONSerialization` (objects, arrays, numbers, strings, `NSNull`).
  public func jsonObject(_ name: String) throws -> Any {
    try JSONSerialization.jsonObject(with: data(name))
  }
}
