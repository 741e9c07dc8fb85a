import OlympusCore
import Testing

/// The elementwise fusion pass: which equations share a cluster, and the printed result.
@Suite("Elementwise fusion")
struct FusionTests {
  let matrix = TensorType(shape: [40, 40], dtype: .float32)

  /// `f(X) = sum(tanh(X)²)`, whose Hessian-vector product is W5.
  let f = { (x: Tensor) in (tanh(x) * tanh(x)).sum() }

  func staged(_ f: ([Tensor]) -> [Tensor], _ types: [TensorType]) -> Graph {
    makeGraph(of: f, for: types).simplified().eliminatingCommonSubexpressions().removingDeadCode()
  }

  @Test func equalBroadcastScalarsAreOneOperandForCSE() {
    // Each `1 - σ` of the rules of `sigmoid` (σ′ = σ(1 - σ)) broadcasts its own 1 while staging.
    let g = { (x: Tensor) in (sigmoid(x) * sigmoid(x)).sum() }
    let raw = makeGraph(of: { a in [hvp(at: a[0], along: a[1], of: g)] }, for: [matrix, matrix])
    let subtractions = { (graph: Graph) in graph.equations.count { $0.primitive.description == "sub" } }
    #expect(subtractions(raw.simplified()) > 1)
    #expect(subtractions(raw.simplified().eliminatingCommonSubexpressions()) == 1)
    // Different values stay apart.
    let two = staged({ x in [(x[0] * 2) + (x[0] * 3)] }, [matrix])
    #expect(two.equations.count == 3)
  }

  @Test func hessianVectorProductIsOneCluster() {
    let graph = staged({ a in [hvp(at: a[0], along: a[1], of: f)] }, [matrix, matrix])
    let fused = graph.fusingElementwise()
    #expect(fused.clusterCount == 1)
    let text = fused.description
    #expect(text.contains("= fused {"), "\(text)")
    // Every equation of the graph is printed inside the cluster, which gives the one result.
    for equation in graph.equations { #expect(text.contains(equation.description)) }
    #expect(text.contains("let v") && text.contains(":float32[40,40] = fused {"), "\(text)")
  }

  @Test func aReductionOfAFusedValueJoinsTheCluster() {
    let graph = staged({ x in [(exp(sin(x[0])) * x[0]).sum(axes: [1])] }, [matrix])
    let fused = graph.fusingElementwise()
    #expect(fused.clusterCount == 1)
    let clusterLine = fused.description.split(separator: "\n").first { $0.contains("= fused") }!
    // Only the reduction's result leaves the cluster.
    #expect(clusterLine.contains("float32[40] = fused"), "\(fused)")
    #expect(!clusterLine.contains("float32[40,40]"), "\(fused)")
  }

  @Test func leadingAxisReductionsAndOtherShapesStayOutside() {
    let graph = staged({ x in [exp(x[0]).sum(axes: [0]) + 1] }, [matrix])
    let fused = graph.fusingElementwise()
    // exp over [40, 40] and add over [40] are two clusters; the column sum runs between them.
    #expect(fused.clusterCount == 2)
    #expect(fused.description.contains("= reduce_sum[0] v"), "\(fused)")
  }

  @Test func aClusterNeverWaitsForItsOwnResult() {
    // b depends on a through a transpose (not elementwise): a + b cannot join a's cluster.
    let graph = staged(
      { x in
        let a = exp(x[0])
        return [a + a.transposed()]
      }, [matrix])
    let fused = graph.fusingElementwise()
    #expect(fused.clusterCount == 2)
    let lines = fused.description.split(separator: "\n")
    let transpose = lines.firstIndex { $0.contains("transpose") }!
    let clusters = lines.indices.filter { lines[$0].contains("= fused") }
    #expect(clusters.count == 2 && clusters[0] < transpose && transpose < clusters[1], "\(fused)")
  }

  /// Three clusters J [6], K [2, 3] and M [3, 2]: K reads J (through a reshape), then J gains an
  /// operand from M, so K waits for M too; `d + q`, q read from K, must not join M (a snapshot of
  /// what K waited for, taken before J gained its operand, would miss M and schedule a cycle).
  static func clusterThatGainsAnOperandLater(_ v: [Tensor]) -> [Tensor] {
    let a = sin(v[0])  // J
    let b = cos(v[1])  // K
    let c = b * a.reshaped(to: [2, 3])  // joins K, which now waits for J
    let d = exp(v[2])  // M
    let a2 = a * d.reshaped(to: [6])  // joins J, which now waits for M
    let q = c.reshaped(to: [3, 2])  // waits for K, hence for J and M
    return [a2, d + q]  // d + q cannot join M
  }

  @Test func aClusterNeverWaitsForItselfThroughAClusterThatGrewLater() async {
    let types = [[6], [2, 3], [3, 2]].map { TensorType(shape: $0, dtype: .float32) }
    let fused = staged(Self.clusterThatGainsAnOperandLater, types).fusingElementwise()
    #expect(fused.clusterCount == 4, "\(fused)")
    await #expect(processExitsWith: .success) {
      let inputs = [[6], [2, 3], [3, 2]].enumerated().map { Random.uniform(Random.key(20 + $0), shape: $1) }
      CompiledGraphTests.requireCompiledMatchesEager(FusionTests.clusterThatGainsAnOperandLater, inputs)
    }
  }

  @Test func independentEquationsOfOneShapeShareACluster() {
    let graph = staged({ x in [sin(x[0]), cos(x[1])] }, [matrix, matrix])
    #expect(graph.fusingElementwise().clusterCount == 1)
  }
}
