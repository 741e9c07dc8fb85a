import Foundation
import OlympusCore
import Testing

/// `Tensor`'s `Codable` conformance: type, shape and elements survive a round trip exactly.
@Suite struct CodableTests {
  static func roundTrip(_ tensor: Tensor) throws -> Tensor {
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try decoder.decode(Tensor.self, from: encoder.encode(tensor))
  }

  @Test(arguments: [
    Tensor([1.5, -0.1, .pi, 1e-30, .greatestFiniteMagnitude] as [Float], shape: [5]),
    Tensor([0.30900000000000016, -1e-300, .pi, .leastNonzeroMagnitude, 0.1] as [Double]),
    Tensor([Int32.min, -1, 0, Int32.max], shape: [2, 2]),
    Tensor([Int.min, (1 << 53) + 1, Int.max] as [Int]),
    Tensor([true, false, true]),
    Tensor(Float(2.5)),
    Tensor([Float](), shape: [0, 3]),
  ])
  func roundTripIsExact(_ tensor: Tensor) throws {
    let decoded = try Self.roundTrip(tensor)
    #expect(decoded.dtype == tensor.dtype)
    #expect(decoded.shape == tensor.shape)
    #expect(fixtureValues(of: decoded) == fixtureValues(of: tensor))
  }

  @Test func nonFiniteValuesRoundTripWithAStringStrategy() throws {
    let decoded = try Self.roundTrip(Tensor([.nan, .infinity, -.infinity, -0.0] as [Double]))
    let values = decoded.scalars(as: Double.self)
    #expect(values[0].isNaN)
    #expect(values[1...3] == [.infinity, -.infinity, 0])
    #expect(values[3].sign == .minus)
  }

  @Test func viewsEncodeTheirLogicalElements() throws {
    let x = Tensor((0..<6).map { Float($0) }, shape: [2, 3]).transposed()[.slice(step: -1)]
    let decoded = try Self.roundTrip(x)
    #expect(decoded.shape == [3, 2])
    #expect(decoded.scalars(as: Float.self) == [2, 5, 1, 4, 0, 3])
  }

  @Test(arguments: [
    #"{"dtype": "float32", "shape": [2, 2], "scalars": [1, 2, 3]}"#,
    #"{"dtype": "float16", "shape": [1], "scalars": [1]}"#,
    #"{"dtype": "int32", "shape": [-1], "scalars": []}"#,
    #"{"dtype": "bool", "shape": [2], "scalars": [true, 2]}"#,
  ])
  func malformedInputIsADecodingError(_ json: String) {
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(Tensor.self, from: Data(json.utf8))
    }
  }
}
