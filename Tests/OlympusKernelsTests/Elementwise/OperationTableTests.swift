import COlympusKernels
import OlympusKernels
import Testing

extension ElementwiseTests {
  /// Swift's operation enums against the C kernels' operation lists (`OLK_UNARY_OPERATIONS`,
  /// `OLK_BINARY_OPERATIONS` in olympus_elementwise.h): both spell every operation with one raw
  /// value, so a case added on one side only, or with another number, fails here.
  @Suite struct OperationTable {
    /// The raw values the C list names, among the first 1024 (far beyond any list's length).
    static func named(_ name: (Int32) -> UnsafePointer<CChar>?) -> [Int32] {
      (0..<1024).filter { name($0) != nil }
    }

    @Test func unaryCasesMatchTheKernelList() {
      for operation in UnaryOperation.allCases {
        let name = olk_unary_name(operation.rawValue).map { String(cString: $0) }
        #expect(
          name == "\(operation)", "UnaryOperation.\(operation) = \(operation.rawValue) is \(name ?? "nothing") in C")
      }
      #expect(Self.named(olk_unary_name) == UnaryOperation.allCases.map(\.rawValue).sorted())
    }

    @Test func binaryCasesMatchTheKernelList() {
      for operation in BinaryOperation.allCases {
        let name = olk_binary_name(operation.rawValue).map { String(cString: $0) }
        #expect(
          name == "\(operation)", "BinaryOperation.\(operation) = \(operation.rawValue) is \(name ?? "nothing") in C")
      }
      #expect(Self.named(olk_binary_name) == BinaryOperation.allCases.map(\.rawValue).sorted())
    }
  }
}
