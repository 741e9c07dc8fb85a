import Foundation
import OlympusCore

/// A text as a sequence of character ids, for character-level language models: the vocabulary is
/// the text's distinct characters in sorted order, and each character's id is its index there.
public struct CharacterCorpus: Sendable {
  /// The distinct characters, sorted; a character's id is its index.
  public let vocabulary: [Character]
  /// The text's characters as ids, `int64[count]`.
  public let ids: Tensor

  /// The corpus of `text`.
  ///
  /// - Throws: `DataError` for an empty text.
  public init(text: String) throws {
    guard !text.isEmpty else { throw DataError("CharacterCorpus: the text is empty") }
    vocabulary = Array(Set(text)).sorted()
    let index = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
    ids = Tensor(text.map { index[$0]! })
  }

  /// The first 306,587 characters of "tiny Shakespeare" (excerpts of Shakespeare's plays, public
  /// domain), bundled with Olympus; `Resources/shakespeare/README.md` gives its source.
  ///
  /// - Throws: `DataError` when the bundled file is missing or unreadable.
  public static func shakespeare() throws -> CharacterCorpus {
    guard let url = Bundle.module.url(forResource: "shakespeare", withExtension: "txt", subdirectory: "shakespeare") else {
      throw DataError("CharacterCorpus: the bundled shakespeare.txt is missing")
    }
    do {
      return try CharacterCorpus(text: String(contentsOf: url, encoding: .utf8))
    } catch let error as DataError {
      throw error
    } catch {
      throw DataError("CharacterCorpus: shakespeare.txt is unreadable: \(error)")
    }
  }

  /// The number of characters.
  public var count: Int { ids.shape[0] }

  /// The text of `ids` (ids outside the vocabulary are skipped).
  public func decode(_ ids: [Int]) -> String {
    String(ids.compactMap { vocabulary.indices.contains($0) ? vocabulary[$0] : nil })
  }
}
