import OlympusCore
import OlympusData
import Testing

@Suite("Character corpus")
struct CharacterCorpusTests {
  @Test func idsIndexTheSortedVocabularyAndDecodeBack() throws {
    let corpus = try CharacterCorpus(text: "to be, or not")
    #expect(corpus.vocabulary == [" ", ",", "b", "e", "n", "o", "r", "t"])
    #expect(corpus.ids.scalars(as: Int.self) == [7, 5, 0, 2, 3, 1, 0, 5, 6, 0, 4, 5, 7])
    #expect(corpus.decode(corpus.ids.scalars(as: Int.self)) == "to be, or not")
  }

  /// The bundled excerpt: 306,587 characters of 63 kinds, starting with the first speech.
  @Test func loadsTheBundledShakespeare() throws {
    let corpus = try CharacterCorpus.shakespeare()
    #expect(corpus.count == 306_587)
    #expect(corpus.vocabulary.count == 63)
    #expect(corpus.decode(Array(corpus.ids[0..<15].scalars(as: Int.self))) == "First Citizen:\n")
  }

  @Test func rejectsAnEmptyText() {
    #expect(throws: DataError.self) { try CharacterCorpus(text: "") }
  }
}
