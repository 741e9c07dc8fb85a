import Olympus

/// `olympus-demo transformer`: W11's model (one pre-LayerNorm transformer block of width 256, 4
/// heads, MLP 1024, an embedding tied to the output, context 128) trained as a character-level
/// language model on the bundled Shakespeare, with the whole Adam step under `jit`.
struct CharacterModel: Module {
  /// Token embeddings `[vocabulary, 256]`, also the output projection.
  var tokenEmbedding: Embedding
  /// Position embeddings `[128, 256]`.
  var positionEmbedding: Tensor
  var block: TransformerBlock
  var finalNorm: LayerNorm

  static let (width, heads, hidden, context) = (256, 4, 1024, 128)

  init(vocabulary: Int, key: Tensor) {
    let keys = Random.split(key, count: 3)
    // W11's scales: embeddings uniform in ±1/16.
    tokenEmbedding = Embedding(weight: Random.uniform(keys[0], shape: [vocabulary, Self.width], minimum: -0.0625, maximum: 0.0625))
    positionEmbedding = Random.uniform(keys[1], shape: [Self.context, Self.width], minimum: -0.0625, maximum: 0.0625)
    block = TransformerBlock(embedDimension: Self.width, headCount: Self.heads, hiddenDimension: Self.hidden, key: keys[2])
    finalNorm = LayerNorm(normalizedShape: [Self.width])
  }

  /// Next-character logits `[..., T, vocabulary]` for ids `[..., T]` (T ≤ 128).
  func callAsFunction(_ ids: Tensor) -> Tensor {
    let length = ids.shape[ids.rank - 1]
    let x = tokenEmbedding(ids) + positionEmbedding[0..<length]
    return matmul(finalNorm(block(x)), tokenEmbedding.weight.transposed())
  }
}

struct TransformerOptions {
  var steps = 600
  var batchSize = 8
  var learningRate = 2e-3
  var seed = 0
  var plotPath = "transformer-loss.svg"
  var sampleLength = 400
}

/// Trains, printing progress every 50 steps with the held-out loss and next-character accuracy,
/// writes the loss curve and prints a sample.
func runTransformerDemo(_ options: TransformerOptions) throws {
  let corpus = try CharacterCorpus.shakespeare()
  let split = corpus.count * 9 / 10
  let (training, heldOut) = (corpus.ids[0..<split], corpus.ids[split...])
  print("Shakespeare: \(corpus.count) characters, \(corpus.vocabulary.count) distinct; \(split) for training")
  let context = CharacterModel.context
  var model = CharacterModel(vocabulary: corpus.vocabulary.count, key: Random.key(options.seed))
  print("Model: \(model.parameters.reduce(0) { $0 + $1.elementCount }) parameters, context \(context)")
  let adam = Adam(learningRate: options.learningRate)
  var state = adam.initialState(for: model)
  let step = jit(donating: [0, 1]) { (model: CharacterModel, state: Adam.State, windows: Tensor) in
    let (loss, gradient) = valueAndGrad(of: { (m: CharacterModel) in
      crossEntropy(m(windows[0..., 0..<context]), windows[0..., 1...])
    })(model)
    var state = state
    let updates = adam.update(gradient, state: &state, parameters: model)
    return (applyUpdates(updates, to: model), state, loss)
  }
  // Random windows of 129 characters: 128 inputs and their next characters.
  func windows(from ids: Tensor, count: Int, key: Tensor) -> Tensor {
    let starts = Random.randint(key, shape: [count, 1], low: 0, high: ids.shape[0] - context - 1)
    return ids.take(starts + Tensor.arange(context + 1).reshaped(to: [1, context + 1]), axis: 0)
  }
  let evaluation = windows(from: heldOut, count: 32, key: Random.key(options.seed + 1000))
  func heldOutScores() -> (loss: Double, accuracy: Double) {
    let logits = model(evaluation[0..., 0..<context])
    let targets = evaluation[0..., 1...]
    let correct = (logits.argmax(axis: -1) .== targets).astype(.float32).mean().item(as: Double.self)
    return (crossEntropy(logits, targets).item(as: Double.self), correct)
  }
  var losses: [Double] = []
  var accuracies: [Double] = []
  let interval = 50
  let start = monotonicSeconds()
  for index in 0..<options.steps {
    let batch = windows(from: training, count: options.batchSize, key: Random.foldIn(Random.key(options.seed), index))
    let (next, nextState, loss) = step(model, state, batch)
    (model, state) = (next, nextState)
    losses.append(loss.item(as: Double.self))
    if (index + 1) % interval == 0 || index + 1 == options.steps {
      let scores = heldOutScores()
      accuracies.append(scores.accuracy)
      print(
        "step \(index + 1)/\(options.steps)  train loss \(format(smoothed(losses).last!, 3))  held-out loss "
          + "\(format(scores.loss, 3))  next-char accuracy \(format(scores.accuracy * 100, 1))%  "
          + "\(format(monotonicSeconds() - start, 1)) s")
    }
  }
  try LossPlot.write(
    [LossPlot.Series(name: "transformer", losses: smoothed(losses), testAccuracy: accuracies, color: "#1f77b4")],
    title: "Shakespeare, character level: training loss (moving average of 20 steps) and held-out accuracy",
    stepsPerEpoch: interval, logScale: false, to: options.plotPath)
  print("Loss curve written to \(options.plotPath) (one mark per \(interval) steps)")
  print("\nSample (temperature 0.8), from \"ROMEO:\":\n")
  print(sample(model, corpus, prompt: "ROMEO:", length: options.sampleLength, key: Random.key(options.seed + 7)))
}

/// `length` characters after `prompt`, each drawn from the model's distribution (sharpened by
/// temperature 0.8) given the last 128.
func sample(_ model: CharacterModel, _ corpus: CharacterCorpus, prompt: String, length: Int, key: Tensor) -> String {
  let index = Dictionary(uniqueKeysWithValues: corpus.vocabulary.enumerated().map { ($1, $0) })
  var ids = prompt.compactMap { index[$0] }
  for position in 0..<length {
    let window = Array(ids.suffix(CharacterModel.context))
    let logits = model(Tensor(window).reshaped(to: [1, window.count]))[0, window.count - 1] / 0.8
    // Gumbel-max: the argmax of the logits plus Gumbel noise is a draw from their softmax.
    let uniform = Random.uniform(Random.foldIn(key, position), shape: logits.shape, minimum: 1e-7, maximum: 1)
    ids.append((logits - log(-log(uniform))).argmax(axis: 0).item(as: Int.self))
  }
  return corpus.decode(ids)
}
