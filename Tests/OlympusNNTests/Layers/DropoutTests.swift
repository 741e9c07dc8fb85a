import OlympusCore
import OlympusNN
import Testing

/// Dropout: the identity in evaluation, an inverted random mask in training.
@Suite("Dropout")
struct DropoutTests {
  let x = Tensor.ones([100, 100], dtype: .float64)
  let key = Random.key(5)

  @Test func evaluationIsTheIdentity() {
    let layer = Dropout(rate: 0.5)
    #expect(layer(x).scalars(as: Double.self) == x.scalars(as: Double.self))
    #expect(layer.forward(x, mode: .evaluation).output.scalars(as: Double.self) == x.scalars(as: Double.self))
    #expect(Dropout(rate: 0).forward(x, mode: .training(key: nil)).output.scalars(as: Double.self) == x.scalars(as: Double.self))
  }

  @Test(arguments: [0.1, 0.5, 0.9])
  func trainingZeroesAboutRateAndScalesTheRest(_ rate: Double) {
    let output = Dropout(rate: rate).forward(x, mode: .training(key: key)).output.scalars(as: Double.self)
    let dropped = Double(output.filter { $0 == 0 }.count) / Double(output.count)
    // 10⁴ Bernoulli draws: standard deviation √(r(1 − r)/10⁴) ≤ 0.005; five of them is 0.025.
    #expect(Swift.abs(dropped - rate) <= 0.025, "dropped \(dropped) for rate \(rate)")
    #expect(output.allSatisfy { $0 == 0 || Swift.abs($0 - 1 / (1 - rate)) <= 1e-15 })
  }

  @Test func theKeyDecidesTheMask() {
    let first = dropout(x, rate: 0.5, key: key).scalars(as: Double.self)
    #expect(dropout(x, rate: 0.5, key: key).scalars(as: Double.self) == first)
    #expect(dropout(x, rate: 0.5, key: Random.key(6)).scalars(as: Double.self) != first)
    #expect(dropout(x, rate: 1, key: key).scalars(as: Double.self).allSatisfy { $0 == 0 })
    #expect(dropout(x, rate: 0, key: key).scalars(as: Double.self) == x.scalars(as: Double.self))
  }

  @Test func theGradientIsTheMaskTimesTheScale() {
    let input = Random.normal(key, shape: [50], dtype: .float64)
    let gradient = grad(of: { (x: Tensor) in dropout(x, rate: 0.4, key: key).sum() })(input)
    let mask = dropout(Tensor.ones([50], dtype: .float64), rate: 0.4, key: key)
    #expect(gradient.scalars(as: Double.self) == mask.scalars(as: Double.self))
  }

  @Test func sequentialGivesEachDropoutItsOwnKey() {
    let model = Sequential(Dropout(rate: 0.5), Activation.identity, Dropout(rate: 0.5))
    let output = model.forward(x, mode: .training(key: key)).output
    let first = dropout(x, rate: 0.5, key: Random.foldIn(key, 0))
    let both = dropout(first, rate: 0.5, key: Random.foldIn(key, 2))
    #expect(output.scalars(as: Double.self) == both.scalars(as: Double.self))
    #expect(Random.foldIn(key, 0).scalars(as: Int32.self) != Random.foldIn(key, 2).scalars(as: Int32.self))
  }
}
