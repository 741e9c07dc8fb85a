import Foundation
import OlympusCore

/// The UCI optical handwritten digits (E. Alpaydin and C. Kaynak, 1998; the copy scikit-learn
/// ships), bundled with Olympus: 1797 gray-scale 8×8 images of the digits 0–9, licensed CC BY 4.0.
/// `Resources/digits/DESCR.rst` has the full description.
public enum Digits {
  /// Pixel counts run from 0 to this.
  public static let maximumPixelValue = 16

  /// The whole set: images `float32[1797, 64]` scaled to `[0, 1]` (row-major 8×8) and labels
  /// `int64[1797]`.
  ///
  /// - Throws: `DataError` when the bundled file is missing or malformed.
  public static func load() throws -> LabeledDataset {
    guard let url = Bundle.module.url(forResource: "digits", withExtension: "csv", subdirectory: "digits") else {
      throw DataError("Digits: the bundled digits.csv is missing")
    }
    return try parse(String(contentsOf: url, encoding: .utf8))
  }

  /// The set split deterministically: 1438 training and 359 test images, the same for every call.
  public static func loadSplit() throws -> (training: LabeledDataset, test: LabeledDataset) {
    try load().split(trainingFraction: 0.8, key: Random.key(0))
  }

  /// Parses rows of 64 pixel counts (0…16) and a label (0…9), comma-separated.
  ///
  /// - Throws: `DataError` naming the line of the first malformed row.
  public static func parse(_ text: String) throws -> LabeledDataset {
    var pixels: [Float] = []
    var labels: [Int] = []
    for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() where !line.isEmpty {
      let fields = line.split(separator: ",")
      guard fields.count == 65 else {
        throw DataError("Digits: line \(number + 1) has \(fields.count) fields, expected 64 pixels and a label")
      }
      for field in fields.dropLast() {
        guard let value = Int(field), (0...maximumPixelValue).contains(value) else {
          throw DataError("Digits: line \(number + 1): pixel \"\(field)\" is not an integer in 0…\(maximumPixelValue)")
        }
        pixels.append(Float(value) / Float(maximumPixelValue))
      }
      guard let label = Int(fields[64]), (0...9).contains(label) else {
        throw DataError("Digits: line \(number + 1): label \"\(fields[64])\" is not a digit")
      }
      labels.append(label)
    }
    guard !labels.isEmpty else { throw DataError("Digits: no rows") }
    return try LabeledDataset(inputs: Tensor(pixels, shape: [labels.count, 64]), labels: Tensor(labels))
  }
}
