import COlympusKernels

extension Elementwise {
  /// One kernel call of an elementwise program (see `runProgram(_:count:stripLength:)`): the
  /// operation, where its operands are and where its result goes. A plain value, so programs are
  /// copied and updated without reference counting.
  public struct ProgramStep {
    /// What a step computes.
    public enum Kernel {
      /// The kernel of `unary(_:_:shape:input:output:)` on operand 0 of the type.
      case unary(UnaryOperation, ScalarType)
      /// The kernel of `binary(_:_:shape:lhs:rhs:output:)` on operands 0 and 1 of the type.
      case binary(BinaryOperation, ScalarType)
      /// The kernel of `select(_:shape:condition:onTrue:onFalse:output:)`: a bool condition
      /// (operand 0) chooses between operands 1 and 2 of the type.
      case select(ScalarType)
      /// The kernel of `cast(from:to:shape:input:output:)` on operand 0.
      case cast(from: ScalarType, to: ScalarType)

      /// Whether a step of this kernel can be part of a register chain (see
      /// `runProgram(_:count:stripLength:)`): where SIMD (AVX2, or AVX-512) is active on the
      /// calling thread, float32 `tanh`, `exp`, `add`, `subtract`, `multiply`, `divide` and
      /// `tanhGradient`.
      public var runsInRegisters: Bool { ProgramStep(self).registerKernel != 0 }
    }

    var raw = olk_program_step()

    /// A step running `kernel`; place its operands and result before running it.
    ///
    /// Precondition: the operation is defined for its type.
    public init(_ kernel: Kernel) {
      switch kernel {
      case .unary(let operation, let type):
        (raw.kind, raw.op, raw.dtype, raw.operand_count) = (Int32(OLK_STEP_UNARY.rawValue), operation.rawValue, type.rawValue, 1)
      case .binary(let operation, let type):
        (raw.kind, raw.op, raw.dtype, raw.operand_count) = (Int32(OLK_STEP_BINARY.rawValue), operation.rawValue, type.rawValue, 2)
      case .select(let type):
        (raw.kind, raw.op, raw.dtype, raw.operand_count) = (Int32(OLK_STEP_SELECT.rawValue), 0, type.rawValue, 3)
      case .cast(let source, let destination):
        (raw.kind, raw.op, raw.dtype, raw.operand_count) = (Int32(OLK_STEP_CAST.rawValue), destination.rawValue, source.rawValue, 1)
      }
    }

    /// How many operands the kernel reads (1 to 3).
    public var operandCount: Int { Int(raw.operand_count) }

    /// What the step computes in a register chain (0: it cannot be part of one).
    var registerKernel: Int32 { olk_program_register_kernel(raw.kind, raw.op, raw.dtype) }

    /// The most steps a register chain holds (a longer one runs its steps one by one).
    public static let maximumChainLength = Int(OLK_PROGRAM_MAX_CHAIN)

    /// Makes the step part of a register chain: `chainLength` on the chain's first step (its number
    /// of steps, 2 to `maximumChainLength`) and 0 on the others; operands whose `passedOperands`
    /// bit is set are the previous step's result, held in registers (not placed); `storesResult`
    /// false when only the next step reads the result (not placed either).
    ///
    /// Precondition: the kernel of every step of the chain `runsInRegisters`, and only steps after
    /// the first read passed operands.
    public mutating func chain(length chainLength: Int, passedOperands: Int, storesResult: Bool) {
      raw.register_kernel = registerKernel
      raw.chain_length = Int32(chainLength)
      raw.register_operands = Int32(passedOperands)
      raw.stores_result = storesResult ? 1 : 0
    }

    /// Places operand `index`: its element at offset 0 is at `pointer`, the kernel reads it with
    /// element stride `stride` (1, or 0 for one repeated element), and it moves `advance` bytes per
    /// element of offset (0 for a buffer that every strip reuses).
    public mutating func setOperand(_ index: Int, pointer: UnsafeRawPointer, stride: Int, advance: Int) {
      let operand = olk_program_operand(pointer: pointer, stride: stride, advance: advance)
      switch index {
      case 0: raw.operands.0 = operand
      case 1: raw.operands.1 = operand
      default: raw.operands.2 = operand
      }
    }

    /// Places the result: contiguous, its element at offset 0 at `pointer`, moving `advance` bytes
    /// per element of offset.
    public mutating func setResult(pointer: UnsafeMutableRawPointer, advance: Int) {
      raw.result = olk_program_operand(pointer: pointer, stride: 1, advance: advance)
    }
  }

  /// Runs `steps` over `count` elements on the calling thread, strip by strip: every step on the
  /// first `stripLength` elements (at most 512), then every step on the next ones, so that values
  /// passed between steps through buffers that every strip reuses stay in the L1 cache. Each step
  /// calls the kernel of the whole-array entry point for its operation, so results are bit for bit
  /// the same; the fused executor runs its tiles through this.
  ///
  /// Steps of a register chain run together on 64 elements at a time (four AVX-512 or eight AVX2
  /// vectors), passing values in registers rather than through memory, with the lane arithmetic
  /// of those same kernels (so results are the same bit for bit too). Where SIMD is not active on
  /// the calling thread, a chain's steps run one by one.
  public static func runProgram(_ steps: UnsafeBufferPointer<ProgramStep>, count: Int, stripLength: Int) {
    guard let base = steps.baseAddress, count > 0 else { return }
    base.withMemoryRebound(to: olk_program_step.self, capacity: steps.count) {
      olk_run_program($0, steps.count, count, max(stripLength, 1))
    }
  }
}
