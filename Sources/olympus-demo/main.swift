import Olympus

/// olympus-demo [train] [--model mlp|cnn|both] [--epochs N] [--batch-size N] [--learning-rate X]
///              [--seed N] [--plot PATH] [--save PATH]
/// olympus-demo predict --model PATH
/// olympus-demo tour | seeds
let usage = """
  usage: olympus-demo [train] [--model mlp|cnn|both] [--epochs N] [--batch-size N] [--learning-rate X] [--seed N] [--plot PATH]
                      [--save PATH]   also save the (first) trained model as a safetensors file
         olympus-demo predict --model PATH   the test accuracy of a model saved with --save
         olympus-demo tour     a tour of tensors, operations, random keys and derivatives
         olympus-demo seeds    the worked numbers of seeds 000, 001 and 002
  """

/// Reads the training options, or explains what is wrong.
func parseTrainingOptions(_ arguments: ArraySlice<String>) throws -> TrainingOptions {
  var options = TrainingOptions()
  var remaining = arguments
  while let flag = remaining.popFirst() {
    guard let value = remaining.popFirst() else { throw DataError("\(flag) needs a value\n\(usage)") }
    func number<T: LosslessStringConvertible>(_ type: T.Type) throws -> T {
      guard let parsed = T(value) else { throw DataError("\(flag): \(value) is not a number\n\(usage)") }
      return parsed
    }
    switch flag {
    case "--model":
      guard let models = value == "both" ? ModelKind.allCases : ModelKind(rawValue: value).map({ [$0] }) else {
        throw DataError("--model: \(value) is not mlp, cnn or both")
      }
      options.models = models
    case "--epochs": options.epochs = try number(Int.self)
    case "--batch-size": options.batchSize = try number(Int.self)
    case "--learning-rate": options.learningRate = try number(Double.self)
    case "--seed": options.seed = try number(Int.self)
    case "--plot": options.plotPath = value
    case "--save": options.savePath = value
    default: throw DataError("unknown option \(flag)\n\(usage)")
    }
  }
  guard options.epochs > 0, options.batchSize > 0, options.learningRate > 0 else {
    throw DataError("epochs, batch size and learning rate must be positive")
  }
  return options
}

let arguments = CommandLine.arguments.dropFirst()
do {
  switch arguments.first {
  case "tour": runTour()
  case "seeds": try runSeeds()
  case "train": try runTraining(parseTrainingOptions(arguments.dropFirst()))
  case "predict":
    let rest = Array(arguments.dropFirst())
    guard rest.count == 2, rest[0] == "--model" else { throw DataError("predict needs --model PATH\n\(usage)") }
    try runPrediction(modelPath: rest[1])
  case "-h", "--help": print(usage)
  default: try runTraining(parseTrainingOptions(arguments))
  }
} catch {
  print("olympus-demo: \(error)")
}
