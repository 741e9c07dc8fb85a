import Foundation
import OlympusCore
import OlympusDistributed
import Testing

/// One primitive applied to inputs drawn from its domain, for the rule tests.
struct PrimitiveCase: CustomStringConvertible, Sendable {
  /// The primitive's type name, matched against the sources by the coverage test.
  let name: String
  /// Inputs at which the primitive is smooth (no kinks, ties or singularities nearby).
  let inputs: @Sendable (Tensor) -> [Tensor]
  /// Which inputs are differentiated (the others are held fixed).
  let differentiable: [Int]
  /// Applies the primitive (through `bind`, exactly as operations do).
  let apply: @Sendable ([Tensor]) -> Tensor
  /// Finite-difference step and tolerance (`checkGrads`'s float64 defaults unless the case goes
  /// through float32).
  var step = 1e-5
  var tolerance = 1e-6
  /// The differentiation modes the primitive supports.
  var modes: Set<DifferentiationMode> = [.forward, .reverse]

  var description: String { name }
}

/// Random float64 values in `[low, high)` of `shape`, from `key`.
func sample(_ key: Tensor, _ shape: [Int], _ low: Double, _ high: Double) -> Tensor {
  Random.uniform(key, shape: shape, minimum: low, maximum: high, dtype: .float64)
}

func unaryCase(_ name: String, _ primitive: some Primitive, _ low: Double, _ high: Double) -> PrimitiveCase {
  PrimitiveCase(
    name: name, inputs: { [sample($0, [2, 3], low, high)] }, differentiable: [0],
    apply: { bind(primitive, $0)[0] })
}

func binaryCase(_ name: String, _ primitive: some Primitive, _ a: (Double, Double), _ b: (Double, Double)) -> PrimitiveCase {
  PrimitiveCase(
    name: name,
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [2, 3], a.0, a.1), sample(keys[1], [2, 3], b.0, b.1)]
    }, differentiable: [0, 1], apply: { bind(primitive, $0)[0] })
}

/// `x·xᵀ + 3I` (symmetric, eigenvalues at least 3) for the Cholesky cases.
func symmetricPositiveDefinite(_ x: Tensor) -> Tensor {
  matmul(x, x.transposed()) + Tensor.eye(x.shape[0], dtype: x.dtype) * 3
}

/// `x + 4J` (x in [-1, 1)³ˣ³) with J the anti-diagonal permutation: partial pivoting picks the
/// anti-diagonal rows, each beating the other candidates by more than 1 (multipliers are at most
/// 1/3, so elimination moves no candidate by more than 1/3).
func pivotingMatrix(_ x: Tensor) -> Tensor {
  x + Tensor.eye(x.shape[0], dtype: x.dtype).flipped(axes: [1]) * 4
}

/// Attention operands `q[2, m, 2]`, `k[2, n, 2]`, `v[2, n, 3]` (two heads).
func attentionOperands(_ key: Tensor, m: Int, n: Int) -> [Tensor] {
  let keys = Random.split(key, count: 3)
  return [sample(keys[0], [2, m, 2], -1, 1), sample(keys[1], [2, n, 2], -1, 1), sample(keys[2], [2, n, 3], -1, 1)]
}

/// The operands of the attention backward pass: `q`, `k`, `v`, a log-sum-exp, an output
/// cotangent and a delta.
func attentionBackwardOperands(_ key: Tensor, m: Int, n: Int) -> [Tensor] {
  let keys = Random.split(key, count: 4)
  return attentionOperands(keys[0], m: m, n: n)
    + [sample(keys[1], [2, m], 0.5, 1.5), sample(keys[2], [2, m, 3], -1, 1), sample(keys[3], [2, m], -1, 1)]
}

/// A 3×3 attention mask for both heads; with causality, query 1 attends key 0 only.
var attentionMask: Tensor { Tensor([true, false, false, true, false, true, false, true, true], shape: [3, 3]).broadcast(to: [2, 3, 3]) }

/// Several outputs flattened into one vector.
func flatOutputs(_ outputs: [Tensor]) -> Tensor { concatenated(outputs.map { $0.flattened() }) }

/// `exp` with a hand-written reverse rule that reuses the output.
nonisolated(unsafe) let customExp = customVJP(named: "exp", { [exp($0[0])] }, backward: { _, outputs, cotangents in [cotangents[0] * outputs[0]] })

/// Every primitive with a differentiable floating-point output. Domains keep inputs away from
/// kinks (floor, abs), ties (max), singularities (log at 0, division by 0) and jumps (remainder),
/// where finite differences do not measure the rule.
let differentiableCases: [PrimitiveCase] = [
  unaryCase("Negate", Negate(), -2, 2),
  unaryCase("Absolute", Absolute(), 0.5, 2),
  unaryCase("Sign", Sign(), 0.5, 2),
  unaryCase("Exp", Exp(), -2, 2),
  unaryCase("Log", Log(), 0.5, 3),
  unaryCase("Log1p", Log1p(), -0.5, 2),
  unaryCase("Expm1", Expm1(), -2, 2),
  unaryCase("Sqrt", Sqrt(), 0.5, 3),
  unaryCase("Rsqrt", Rsqrt(), 0.5, 3),
  unaryCase("Sin", Sin(), -3, 3),
  unaryCase("Cos", Cos(), -3, 3),
  unaryCase("Tan", Tan(), -1.2, 1.2),
  unaryCase("Tanh", Tanh(), -2, 2),
  unaryCase("Sigmoid", Sigmoid(), -3, 3),
  unaryCase("Floor", Floor(), 0.1, 0.9),
  unaryCase("Ceil", Ceil(), 0.1, 0.9),
  unaryCase("Round", Round(), 0.1, 0.4),
  unaryCase("Atan", Atan(), -2, 2),
  unaryCase("Asin", Asin(), -0.9, 0.9),
  unaryCase("Acos", Acos(), -0.9, 0.9),
  unaryCase("Sinh", Sinh(), -2, 2),
  unaryCase("Cosh", Cosh(), -2, 2),
  unaryCase("Asinh", Asinh(), -3, 3),
  unaryCase("Acosh", Acosh(), 1.2, 4),
  unaryCase("Atanh", Atanh(), -0.8, 0.8),
  unaryCase("Erf", Erf(), -2, 2),
  unaryCase("Erfc", Erfc(), -2, 2),
  unaryCase("Erfinv", Erfinv(), -0.9, 0.9),
  unaryCase("Lgamma", Lgamma(), 0.5, 4),
  unaryCase("Digamma", Digamma(), 0.5, 4),
  unaryCase("Log2", Log2(), 0.5, 3),
  unaryCase("Log10", Log10(), 0.5, 3),
  unaryCase("Exp2", Exp2(), -2, 2),
  unaryCase("Cbrt", Cbrt(), -3, -0.5),
  // A custom function with a correct reverse rule (forward mode runs through the implementation).
  PrimitiveCase(
    name: "CustomFunction", inputs: { [sample($0, [2, 3], -2, 2)] }, differentiable: [0],
    apply: { customExp($0)[0] }),
  binaryCase("Add", Add(), (-2, 2), (-2, 2)),
  binaryCase("Subtract", Subtract(), (-2, 2), (-2, 2)),
  binaryCase("Multiply", Multiply(), (-2, 2), (-2, 2)),
  binaryCase("Divide", Divide(), (-2, 2), (0.5, 2)),
  binaryCase("Power", Power(), (0.5, 2), (-1.5, 1.5)),
  binaryCase("Remainder", Remainder(), (0.1, 0.9), (1.1, 2)),
  binaryCase("Maximum", Maximum(), (-2, -0.1), (0.1, 2)),
  binaryCase("Minimum", Minimum(), (-2, -0.1), (0.1, 2)),
  binaryCase("TanhGradient", TanhGradient(), (-0.9, 0.9), (-2, 2)),
  binaryCase("Atan2", Atan2(), (-2, 2), (0.5, 2)),
  binaryCase("Hypot", Hypot(), (0.5, 2), (-2, -0.5)),
  binaryCase("Xlogy", Xlogy(), (-2, 2), (0.5, 3)),
  // Collectives in a world of one process (these tests run without mpirun): the reduction over one
  // rank is the identity, which checks the rules' algebra (masks and tie counts of max and min,
  // several operands fused in one reduction); Scripts/mpi-test.sh checks them across ranks.
  unaryCase("AllReduce", AllReduce(operation: .sum), -2, 2),
  unaryCase("AllReduce", AllReduce(operation: .mean), -2, 2),
  unaryCase("AllReduce", AllReduce(operation: .max), -2, 2),
  unaryCase("AllReduce", AllReduce(operation: .min), -2, 2),
  PrimitiveCase(
    name: "AllReduce",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [2, 3], -2, 2), sample(keys[1], [3], -2, 2)]
    }, differentiable: [0, 1],
    apply: { inputs in
      let outputs = bind(AllReduce(operation: .max, operandCount: 2), inputs)
      return outputs[0] * outputs[1]
    }),
  // The order is a whole number, held fixed; the derivative in x is the next polygamma.
  PrimitiveCase(
    name: "Polygamma", inputs: { [Tensor.full([2, 3], value: 1, dtype: .float64), sample($0, [2, 3], 0.5, 4)] },
    differentiable: [1], apply: { bind(Polygamma(), $0)[0] }),
  PrimitiveCase(
    name: "Select",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [Tensor([true, false, true, true, false, false], shape: [2, 3]), sample(keys[0], [2, 3], -1, 1), sample(keys[1], [2, 3], -1, 1)]
    }, differentiable: [1, 2], apply: { bind(Select(), $0)[0] }),
  // float64 → float32 → float64: the identity up to float32 rounding (relative 6e-8), which a
  // step of 1e-2 turns into a difference error of about 6e-6; the second derivative is zero.
  PrimitiveCase(
    name: "Convert", inputs: { [sample($0, [2, 3], -2, 2)] }, differentiable: [0],
    apply: { bind(Convert(to: .float64), bind(Convert(to: .float32), $0))[0] }, step: 1e-2, tolerance: 1e-4),
  unaryCase("ReduceSum", ReduceSum(axes: [1]), -2, 2),
  unaryCase("ReduceProduct", ReduceProduct(axes: [0, 1]), 0.5, 2),
  unaryCase("ReduceMax", ReduceMax(axes: [1]), -2, 2),
  unaryCase("ReduceMin", ReduceMin(axes: [0]), -2, 2),
  unaryCase("CumulativeSum", CumulativeSum(axis: 1), -2, 2),
  unaryCase("Reshape", Reshape(shape: [3, 2]), -2, 2),
  unaryCase("Transpose", Transpose(permutation: [1, 0]), -2, 2),
  unaryCase("BroadcastInDim", BroadcastInDim(shape: [4, 2, 3], dimensions: [1, 2]), -2, 2),
  unaryCase("Slice", Slice(start: [0, 1], limit: [2, 3], strides: [1, 2]), -2, 2),
  unaryCase("Flip", Flip(axes: [1]), -2, 2),
  unaryCase("Pad", Pad(low: [1, 0], high: [0, 2], value: 3), -2, 2),
  PrimitiveCase(
    name: "Concatenate",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [2, 3], -1, 1), sample(keys[1], [2, 1], -1, 1)]
    }, differentiable: [0, 1], apply: { bind(Concatenate(axis: 1), $0)[0] }),
  // Every part weighted differently, so a cotangent in the wrong place changes the gradient.
  PrimitiveCase(
    name: "Split", inputs: { [sample($0, [2, 3], -2, 2)] }, differentiable: [0],
    apply: { inputs in
      let parts = bind(Split(sizes: [1, 2], axis: 1), inputs)
      return flatOutputs([parts[0] * 3, sin(parts[1])])
    }),
  // Only the last part is used: the other parts' cotangents are symbolic zeros (one of them empty).
  PrimitiveCase(
    name: "Split", inputs: { [sample($0, [3, 2], -2, 2)] }, differentiable: [0],
    apply: { bind(Split(sizes: [1, 0, 2], axis: 0), $0)[2] }),
  PrimitiveCase(
    name: "Take", inputs: { [sample($0, [2, 3], -2, 2), Tensor([2, 0, 2, 1] as [Int], shape: [2, 2])] },
    differentiable: [0], apply: { bind(Take(axis: 1), $0)[0] }),
  PrimitiveCase(
    name: "ScatterAdd", inputs: { [Tensor([2, 0, 2] as [Int]), sample($0, [2, 3], -2, 2)] },
    differentiable: [1], apply: { bind(ScatterAdd(axis: 1, size: 4), $0)[0] }),
  PrimitiveCase(
    name: "MatMul",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [2, 3, 4], -1, 1), sample(keys[1], [2, 4, 2], -1, 1)]
    }, differentiable: [0, 1], apply: { bind(MatMul(), $0)[0] }),
  // Plain matrices: batching one operand folds the batch into the other's rows or columns.
  PrimitiveCase(
    name: "MatMul",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [3, 4], -1, 1), sample(keys[1], [4, 2], -1, 1)]
    }, differentiable: [0, 1], apply: { bind(MatMul(), $0)[0] }),
  // Convolutions (bilinear, smooth everywhere): two groups with a stride, asymmetric and negative
  // padding and a filter dilation; a dilated input (the transposed convolution) in 1-D; 3-D.
  PrimitiveCase(
    name: "Convolution",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [2, 4, 5, 6], -1, 1), sample(keys[1], [4, 2, 2, 3], -1, 1)]
    }, differentiable: [0, 1],
    apply: {
      let primitive = Convolution(
        stride: [2, 1], paddingLow: [1, -1], paddingHigh: [0, 2], inputDilation: [1, 1], filterDilation: [1, 2], groups: 2)
      return bind(primitive, $0)[0]
    }),
  PrimitiveCase(
    name: "Convolution",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [2, 2, 4], -1, 1), sample(keys[1], [3, 2, 3], -1, 1)]
    }, differentiable: [0, 1],
    apply: {
      let primitive = Convolution(
        stride: [2], paddingLow: [2], paddingHigh: [1], inputDilation: [2], filterDilation: [1], groups: 1)
      return bind(primitive, $0)[0]
    }),
  PrimitiveCase(
    name: "Convolution",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [1, 2, 3, 3, 4], -1, 1), sample(keys[1], [2, 1, 2, 2, 2], -1, 1)]
    }, differentiable: [0, 1],
    apply: {
      let primitive = Convolution(
        stride: [1, 2, 1], paddingLow: [0, 1, 0], paddingHigh: [1, 0, 0], inputDilation: [1, 1, 1],
        filterDilation: [1, 1, 2], groups: 2)
      return bind(primitive, $0)[0]
    }),
  // Max pooling's selection: random x has no ties, so the selection is fixed near the inputs
  // and the primitives are linear in their second operand. 2-D windows with padding and a
  // stride smaller than the window (overlaps); 1-D dilated windows; 3-D.
  PrimitiveCase(
    name: "SelectAndGather",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [2, 5, 4], -1, 1), sample(keys[1], [2, 5, 4], -1, 1)]
    }, differentiable: [1],
    apply: {
      let windows = PoolingWindows(window: [2, 3], stride: [2, 1], paddingLow: [1, 1], paddingHigh: [0, 1], dilation: [1, 1])
      return bind(SelectAndGather(windows: windows), $0)[0]
    }),
  PrimitiveCase(
    name: "SelectAndGather",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [1, 2, 3, 4, 3], -1, 1), sample(keys[1], [1, 2, 3, 4, 3], -1, 1)]
    }, differentiable: [1],
    apply: {
      let windows = PoolingWindows(window: [2, 2, 2], stride: [1, 2, 1], paddingLow: [0, 0, 1], paddingHigh: [0, 0, 0], dilation: [1, 1, 2])
      return bind(SelectAndGather(windows: windows), $0)[0]
    }),
  PrimitiveCase(
    name: "SelectAndScatterAdd",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [2, 3, 7], -1, 1), sample(keys[1], [2, 3, 2], -1, 1)]
    }, differentiable: [1],
    apply: {
      let windows = PoolingWindows(window: [3], stride: [2], paddingLow: [1], paddingHigh: [0], dilation: [2])
      return bind(SelectAndScatterAdd(windows: windows), $0)[0]
    }),
  // Decompositions, through sign-invariant functions of their factors (each column of
  // eigenvectors, each pair of singular vectors and Q's columns with R's rows are determined up to
  // sign). Inputs keep eigenvalues and singular values apart (gaps of about 1) and away from zero,
  // where the factors are smooth.
  PrimitiveCase(
    name: "Eigh", inputs: { [sample($0, [3, 3], -0.3, 0.3) + Tensor([0.0, 1, 2.5]).expandingDimensions(at: 1) * Tensor.eye(3, dtype: .float64)] },
    differentiable: [0],
    apply: { inputs in
      let outputs = bind(Eigh(), inputs)
      let (values, vectors) = (outputs[0], outputs[1])
      let weighted = matmul(vectors * Tensor([1.0, 2, 3]), vectors.swappingAxes(-1, -2))
      return concatenated([values, (vectors * vectors).flattened(), weighted.flattened()])
    }),
  PrimitiveCase(
    name: "SVD", inputs: { [sample($0, [3, 2], -0.3, 0.3) + Tensor([3.0, 0, 0, 1.5, 0, 0], shape: [3, 2])] },
    differentiable: [0],
    apply: { inputs in
      let outputs = bind(SVD(), inputs)
      let (u, s, vt) = (outputs[0], outputs[1], outputs[2])
      let weighted = matmul(u * Tensor([1.0, 2]), vt)
      return concatenated([s, (u * u).flattened(), (vt * vt).flattened(), weighted.flattened()])
    }),
  PrimitiveCase(
    name: "SVD", inputs: { [sample($0, [2, 3], -0.3, 0.3) + Tensor([3.0, 0, 0, 0, 1.5, 0], shape: [2, 3])] },
    differentiable: [0],
    apply: { inputs in
      let outputs = bind(SVD(), inputs)
      let (u, s, vt) = (outputs[0], outputs[1], outputs[2])
      let weighted = matmul(u * Tensor([1.0, 2]), vt)
      return concatenated([s, (u * u).flattened(), (vt * vt).flattened(), weighted.flattened()])
    }),
  // QR by Householder reflections: with the diagonal dominant the reflections' signs stay fixed,
  // so the factors themselves are smooth.
  PrimitiveCase(
    name: "QR", inputs: { [sample($0, [3, 2], -0.3, 0.3) + Tensor([2.0, 0, 0, 1.5, 0, 0], shape: [3, 2])] },
    differentiable: [0],
    apply: { inputs in
      let outputs = bind(QR(), inputs)
      return concatenated([outputs[0].flattened(), outputs[1].flattened()])
    }),
  PrimitiveCase(
    name: "QR", inputs: { [sample($0, [2, 3], -0.3, 0.3) + Tensor([2.0, 0, 0, 0, 1.5, 0], shape: [2, 3])] },
    differentiable: [0],
    apply: { inputs in
      let outputs = bind(QR(), inputs)
      return concatenated([outputs[0].flattened(), outputs[1].flattened()])
    }),
  PrimitiveCase(
    name: "Expm", inputs: { [sample($0, [3, 3], -1, 1)] }, differentiable: [0], apply: { bind(Expm(), $0)[0] }),
  PrimitiveCase(
    name: "PseudoInverse", inputs: { [sample($0, [3, 2], -0.3, 0.3) + Tensor([2.0, 0, 0, 1, 0, 0], shape: [3, 2])] },
    differentiable: [0], apply: { bind(PseudoInverse(), $0)[0] }),
  PrimitiveCase(
    name: "PseudoInverse", inputs: { [sample($0, [2, 3], -0.3, 0.3) + Tensor([2.0, 0, 0, 0, 1, 0], shape: [2, 3])] },
    differentiable: [0], apply: { bind(PseudoInverse(), $0)[0] }),
  unaryCase("GELU", GELU(approximate: false), -3, 3),
  unaryCase("GELU", GELU(approximate: true), -3, 3),
  binaryCase("GELUGradient", GELUGradient(approximate: false), (-3, 3), (-2, 2)),
  binaryCase("GELUGradient", GELUGradient(approximate: true), (-3, 3), (-2, 2)),
  // Layer normalization: y and rstd side by side; the backward pass as a function of any y, rstd
  // and g (not only a forward pass's).
  PrimitiveCase(
    name: "LayerNormalization", inputs: { [sample($0, [2, 4], -2, 2)] }, differentiable: [0],
    apply: { flatOutputs(bind(LayerNormalization(epsilon: 0.1), $0)) }),
  PrimitiveCase(
    name: "LayerNormalizationBackward",
    inputs: { key in
      let keys = Random.split(key, count: 3)
      return [sample(keys[0], [2, 4], -2, 2), sample(keys[1], [2], 0.5, 2), sample(keys[2], [2, 4], -2, 2)]
    }, differentiable: [0, 1, 2], apply: { bind(LayerNormalizationBackward(), $0)[0] }),
  // Attention, the output and the log-sum-exp side by side. The masked case leaves query 1 a
  // single key (causality and mask together) and no query without one (its log-sum-exp is −∞).
  PrimitiveCase(
    name: "ScaledDotProductAttention", inputs: { attentionOperands($0, m: 3, n: 4) }, differentiable: [0, 1, 2],
    apply: { flatOutputs(bind(ScaledDotProductAttention(scale: 0.7, isCausal: false, hasMask: false), $0)) }),
  PrimitiveCase(
    name: "ScaledDotProductAttention", inputs: { attentionOperands($0, m: 3, n: 3) + [attentionMask] },
    differentiable: [0, 1, 2],
    apply: { flatOutputs(bind(ScaledDotProductAttention(scale: 1.3, isCausal: true, hasMask: true), $0)) }),
  // The backward pass as a function of all its operands (any log-sum-exp and delta, not only the
  // forward pass's): second-order attention.
  PrimitiveCase(
    name: "ScaledDotProductAttentionBackward", inputs: { attentionBackwardOperands($0, m: 3, n: 4) },
    differentiable: [0, 1, 2, 3, 4, 5],
    apply: { flatOutputs(bind(ScaledDotProductAttentionBackward(scale: 0.7, isCausal: false, hasMask: false), $0)) }),
  PrimitiveCase(
    name: "ScaledDotProductAttentionBackward", inputs: { attentionBackwardOperands($0, m: 3, n: 3) + [attentionMask] },
    differentiable: [0, 1, 2, 3, 4, 5],
    apply: { flatOutputs(bind(ScaledDotProductAttentionBackward(scale: 1.3, isCausal: true, hasMask: true), $0)) }),
  // Linear algebra. Inputs are well conditioned; the LU case's dominant anti-diagonal fixes a
  // non-trivial pivot order with margins, so small perturbations never change it.
  PrimitiveCase(
    name: "Cholesky", inputs: { [symmetricPositiveDefinite(sample($0, [3, 3], -1, 1))] }, differentiable: [0],
    apply: { bind(Cholesky(), $0)[0] }),
  PrimitiveCase(
    name: "TriangularSolve",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [3, 3], -1, 1) + Tensor.eye(3, dtype: .float64) * 3, sample(keys[1], [3, 2], -1, 1)]
    }, differentiable: [0, 1], apply: { bind(TriangularSolve(lower: true), $0)[0] }),
  PrimitiveCase(
    name: "TriangularSolve",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [3, 3], -1, 1) + Tensor.eye(3, dtype: .float64) * 3, sample(keys[1], [3, 2], -1, 1)]
    }, differentiable: [0, 1], apply: { bind(TriangularSolve(lower: false, transposeA: true, unitDiagonal: true), $0)[0] }),
  PrimitiveCase(
    name: "LUFactorization", inputs: { [pivotingMatrix(sample($0, [3, 3], -1, 1))] }, differentiable: [0],
    apply: { bind(LUFactorization(), $0)[0] }),
  PrimitiveCase(
    name: "LinearSolve",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [pivotingMatrix(sample(keys[0], [3, 3], -1, 1)), sample(keys[1], [3, 2], -1, 1)]
    }, differentiable: [0, 1], apply: { bind(LinearSolve(), $0)[0] }),
  PrimitiveCase(
    name: "SignLogDeterminant", inputs: { [pivotingMatrix(sample($0, [3, 3], -1, 1))] }, differentiable: [0],
    apply: { bind(SignLogDeterminant(), $0)[1] }),
  // Least squares: a tall and a wide matrix of full rank (the rank stays constant nearby).
  PrimitiveCase(
    name: "LeastSquares",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [3, 2], -0.3, 0.3) + Tensor([2.0, 0, 0, 1, 0, 0], shape: [3, 2]), sample(keys[1], [3, 2], -1, 1)]
    }, differentiable: [0, 1], apply: { bind(LeastSquares(), $0)[0] }),
  PrimitiveCase(
    name: "LeastSquares",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [2, 3], -0.3, 0.3) + Tensor([2.0, 0, 0, 0, 1, 0], shape: [2, 3]), sample(keys[1], [2, 1], -1, 1)]
    }, differentiable: [0, 1], apply: { bind(LeastSquares(), $0)[0] }),
  // Control flow. The predicate, the trip count and the weights vary with the key, so batches mix
  // branches and trip counts; the weights are captured by the staged functions (closure
  // conversion makes them operands).
  PrimitiveCase(
    name: "Cond",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [], 0, 1) .> 0.5, sample(keys[1], [2, 3], -2, 2)]
    }, differentiable: [1], apply: { cond($0[0], $0[1], then: { sin($0) * $0 }, else: { exp($0) }) }),
  PrimitiveCase(
    name: "WhileLoop",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [(sample(keys[0], [], 0, 4)).astype(.int64), sample(keys[1], [2, 3], -1, 1)]
    }, differentiable: [1],
    apply: { inputs in
      let limit = inputs[0]
      return whileLoop(
        initial: [Tensor(0 as Int), inputs[1]], condition: { $0[0] .< limit },
        body: { [$0[0] + Tensor(1 as Int), sin($0[1]) + $0[1] * 0.5] })[1]
    }, modes: [.forward]),
  PrimitiveCase(
    name: "Scan",
    inputs: { key in
      let keys = Random.split(key, count: 3)
      return [sample(keys[0], [3], -1, 1), sample(keys[1], [4, 3], -1, 1), sample(keys[2], [3], -1.5, 1.5)]
    }, differentiable: [0, 1, 2],
    apply: { inputs in
      let w = inputs[2]
      let (final, outputs) = scan(initial: inputs[0], over: inputs[1]) { h, x in
        let next = tanh(w * h + x)
        return (next, next * x)
      }
      return final + outputs.sum(axes: [0])
    }),
  PrimitiveCase(
    name: "Checkpoint",
    inputs: { key in
      let keys = Random.split(key, count: 2)
      return [sample(keys[0], [2, 3], -2, 2), sample(keys[1], [3], -1, 1)]
    }, differentiable: [0, 1], apply: { inputs in checkpoint { sin($0 * inputs[1]) * $0 }(inputs[0]) }),
]

/// Primitives whose outputs are integers or booleans, or that do not depend differentiably on
/// their inputs; their rules must give zero.
let nonDifferentiableCases: [PrimitiveCase] = [
  binaryCase("Compare", Compare(.less), (-2, 2), (-2, 2)),
  PrimitiveCase(
    name: "Logical", inputs: { _ in [Tensor([true, false]), Tensor([true, true])] }, differentiable: [],
    apply: { bind(Logical(.and), $0)[0] }),
  PrimitiveCase(
    name: "LogicalNot", inputs: { _ in [Tensor([true, false])] }, differentiable: [],
    apply: { bind(LogicalNot(), $0)[0] }),
  unaryCase("ArgReduce", ArgReduce(maximum: true, axis: 1), -2, 2),
  unaryCase("ArgSort", ArgSort(), -2, 2),
  PrimitiveCase(
    name: "RandomUniform", inputs: { _ in [Random.key(1)] }, differentiable: [],
    apply: { bind(RandomUniform(shape: [3], dtype: .float64), $0)[0] }),
  PrimitiveCase(
    name: "Threefry", inputs: { _ in [Random.key(1), Tensor([0, 1, 0, 2] as [Int32], shape: [2, 2])] },
    differentiable: [], apply: { bind(Threefry(), $0)[0] }),
  // The permutation of the LU factorization.
  PrimitiveCase(
    name: "LUFactorization", inputs: { [pivotingMatrix(sample($0, [3, 3], -1, 1))] }, differentiable: [],
    apply: { bind(LUFactorization(), $0)[1] }),
  // The sign of the determinant.
  PrimitiveCase(
    name: "SignLogDeterminant", inputs: { [pivotingMatrix(sample($0, [3, 3], -1, 1))] }, differentiable: [],
    apply: { bind(SignLogDeterminant(), $0)[0] }),
  // The identity on values whose rules are zero by definition.
  unaryCase("StopGradient", StopGradient(), -2, 2),
]

extension PrimitiveCase {
  /// The primitive as a function of its `index`-th input, the others fixed at `inputs`.
  func function(of index: Int, at inputs: [Tensor]) -> (Tensor) -> Tensor {
    { x in
      var arguments = inputs
      arguments[index] = x
      return apply(arguments)
    }
  }
}

@Suite("Differentiation rules of every primitive")
struct PrimitiveRuleTests {
  /// Every unread value becomes a placeholder, so a primitive that declares a value unread but
  /// reads it fails here.
  init() { ResidualPolicy.placeholderThreshold = 0 }

  /// Forward and reverse rules against central differences and each other, up to second order
  /// (tolerance: see `checkGrads`).
  @Test(arguments: differentiableCases)
  func rulesMatchFiniteDifferences(_ primitive: PrimitiveCase) throws {
    for seed in 0..<2 {
      let inputs = primitive.inputs(Random.key(seed))
      for index in primitive.differentiable {
        try checkGrads(
          of: primitive.function(of: index, at: inputs), at: inputs[index], order: 2, modes: primitive.modes,
          step: primitive.step, tolerance: primitive.tolerance, seed: seed)
      }
    }
  }

  /// Rules of non-differentiable primitives give zero.
  @Test(arguments: nonDifferentiableCases)
  func nonDifferentiableRulesAreZero(_ primitive: PrimitiveCase) {
    let inputs = primitive.inputs(Random.key(0))
    for (index, input) in inputs.enumerated() where input.dtype.isFloatingPoint {
      let f = primitive.function(of: index, at: inputs)
      let gradient = grad(of: { x in f(x).astype(.float64).sum() })(input)
      #expect(gradient.scalars(as: Double.self).allSatisfy { $0 == 0 })
    }
  }

  /// Every type conforming to a primitive protocol in the sources (OlympusCore's primitives and
  /// OlympusDistributed's collectives) has a case above.
  @Test func everyPrimitiveHasACase() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let pattern = try NSRegularExpression(
      pattern: #"public struct (\w+): (SingleOutputPrimitive|Primitive|ElementwiseUnaryPrimitive|ElementwiseBinaryPrimitive|ReductionPrimitive|ExtremumReductionPrimitive)\b"#)
    var declared: Set<String> = []
    let directories = ["Sources/OlympusCore/Primitives", "Sources/OlympusDistributed"].map(root.appendingPathComponent)
    let files = directories.flatMap { FileManager.default.enumerator(at: $0, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL } }
    for file in files where file.pathExtension == "swift" {
      let text = try String(contentsOf: file, encoding: .utf8)
      for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        declared.insert(String(text[Range(match.range(at: 1), in: text)!]))
      }
    }
    let covered = Set((differentiableCases + nonDifferentiableCases).map(\.name))
    #expect(declared.count > 40)
    #expect(declared.subtracting(covered).isEmpty, "primitives without a rule test: \(declared.subtracting(covered).sorted())")
  }
}
