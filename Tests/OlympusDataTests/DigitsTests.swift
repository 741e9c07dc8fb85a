import OlympusCore
import OlympusData
import Testing

@Suite("Digits data set")
struct DigitsTests {
  @Test func loadsTheWholeSet() throws {
    let digits = try Digits.load()
    #expect(digits.inputs.shape == [1797, 64])
    #expect(digits.labels.shape == [1797])
    #expect(digits.inputs.min().item(as: Float.self) == 0 && digits.inputs.max().item(as: Float.self) == 1)
    // scikit-learn's copy: the first image is a 0 and every class appears 174–183 times.
    #expect(digits.labels[0].item(as: Int.self) == 0)
    let counts = oneHot(digits.labels, count: 10, dtype: .int64).sum(axes: [0]).scalars(as: Int.self)
    #expect(counts.allSatisfy { (174...183).contains($0) }, "\(counts)")
  }

  @Test func splitIsDeterministicAndDisjoint() throws {
    let first = try Digits.loadSplit()
    let second = try Digits.loadSplit()
    #expect(first.training.count == 1438 && first.test.count == 359)
    #expect(first.test.labels.scalars(as: Int.self) == second.test.labels.scalars(as: Int.self))
    #expect(first.test.inputs.sum().item(as: Double.self) == second.test.inputs.sum().item(as: Double.self))
    let total = try Digits.load().inputs.sum().item(as: Double.self)
    let parts = first.training.inputs.sum().item(as: Double.self) + first.test.inputs.sum().item(as: Double.self)
    #expect(Swift.abs(total - parts) < 1e-3 * total)
  }

  @Test func batchesCoverAnEpochAndReshufflePerEpoch() throws {
    let data = try LabeledDataset(inputs: Tensor((0..<10).map(Float.init), shape: [10, 1]), labels: Tensor(Array(0..<10)))
    let batches = data.batches(size: 4, key: Random.key(1))
    #expect(batches.count == 3)
    let epoch0 = batches.epoch(0).flatMap { $0.labels.scalars(as: Int.self) }
    let epoch1 = batches.epoch(1).flatMap { $0.labels.scalars(as: Int.self) }
    #expect(epoch0.sorted() == Array(0..<10))
    #expect(epoch0 != epoch1)
    #expect(batches.epoch(0).flatMap { $0.labels.scalars(as: Int.self) } == epoch0)
    #expect(data.batches(size: 4, key: nil, dropLast: true).map(\.labels.shape) == [[4], [4]])
  }

  @Test func malformedRowsAreRejectedWithTheirLine() {
    #expect(throws: DataError.self) { try Digits.parse("1,2,3\n") }
    do {
      _ = try Digits.parse(String(repeating: "0,", count: 64) + "3\n" + String(repeating: "0,", count: 64) + "12\n")
      Issue.record("no error")
    } catch {
      #expect("\(error)".contains("line 2"))
    }
  }
}
