import Foundation

/// The sections of a file in NIST's StRD nonlinear regression format, read without trusting the
/// line numbers in its header: parameters are the lines `bK = start1 start2 certified sd`, the
/// data the numeric lines after the `Data:` line that names the columns (`Data:   y   x`).
struct NISTFile {
  var name = ""
  var formula = ""
  var starts: [[Double]] = [[], []]
  var certifiedParameters: [Double] = []
  var certifiedStandardDeviations: [Double] = []
  var certifiedResidualSumOfSquares = Double.nan
  var x: [[Double]] = []
  var y: [Double] = []

  init(text: String, source: String) throws {
    let lines = text.replacingOccurrences(of: "\r", with: "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var observationCount: Int?
    var dataStart: Int?
    for (index, line) in lines.enumerated() {
      let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
      if line.hasPrefix("Dataset Name:"), words.count >= 3 { name = words[2] }
      if line.contains("Residual Sum of Squares:"), let value = words.last.flatMap(Double.init) {
        certifiedResidualSumOfSquares = value
      }
      if line.contains("Number of Observations:"), let value = words.last.flatMap(Int.init) { observationCount = value }
      if line.trimmingCharacters(in: .whitespaces).hasPrefix("y ") || line.trimmingCharacters(in: .whitespaces).hasPrefix("log[y]"),
        formula.isEmpty, line.contains("=")
      {
        formula = line.trimmingCharacters(in: .whitespaces)
      }
      if words.count == 6, words[0].hasPrefix("b"), Int(words[0].dropFirst()) != nil, words[1] == "=" {
        guard let values = Optional(words[2...].map { Double($0) }), values.allSatisfy({ $0 != nil }) else {
          throw DataError("\(source) line \(index + 1): a parameter line with non-numeric values: \(line)")
        }
        guard Int(words[0].dropFirst()) == certifiedParameters.count + 1 else {
          throw DataError("\(source) line \(index + 1): parameter \(words[0]) out of order")
        }
        starts[0].append(values[0]!)
        starts[1].append(values[1]!)
        certifiedParameters.append(values[2]!)
        certifiedStandardDeviations.append(values[3]!)
      }
      if words.first == "Data:", words.count >= 3, words[1] == "y" { dataStart = index + 1 }
    }
    guard !name.isEmpty else { throw DataError("\(source): no \"Dataset Name:\" line") }
    guard !certifiedParameters.isEmpty else { throw DataError("\(source): no parameter lines (bK = start1 start2 value sd)") }
    guard certifiedResidualSumOfSquares.isFinite else { throw DataError("\(source): no certified residual sum of squares") }
    guard let dataStart else { throw DataError("\(source): no data section (a line \"Data:  y  x\")") }
    var columns: Int?
    for index in dataStart..<lines.count {
      let words = lines[index].split(whereSeparator: \.isWhitespace)
      if words.isEmpty { continue }
      let values = words.map { Double($0) }
      guard values.allSatisfy({ $0 != nil }), values.count >= 2 else {
        throw DataError("\(source) line \(index + 1): expected numbers (y and predictors), got \"\(lines[index])\"")
      }
      guard columns == nil || columns == values.count else {
        throw DataError("\(source) line \(index + 1): \(values.count) columns where earlier rows have \(columns!)")
      }
      columns = values.count
      y.append(values[0]!)
      x.append(values[1...].map { $0! })
    }
    guard !y.isEmpty else { throw DataError("\(source): the data section is empty") }
    if let observationCount, observationCount != y.count {
      throw DataError("\(source): the header states \(observationCount) observations, the data section holds \(y.count)")
    }
  }
}
