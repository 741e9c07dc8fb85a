import Foundation
import Olympus

/// olympus-demo [train] [--model mlp|cnn|both] [--epochs N] [--batch-size N] [--learning-rate X]
///              [--seed N] [--plot PATH] [--scale log|linear] [--save PATH]
/// olympus-demo predict --model PATH
/// olympus-demo fit [--file DATA.dat] [--json] [--jit]
/// olympus-demo tour | seeds | help
let usage = """
  usage: olympus-demo [train] [--model mlp|cnn|both] [--epochs N] [--batch-size N] [--learning-rate X] [--seed N]
                      [--plot PATH] [--scale log|linear] [--save PATH]
                           train on the digits and plot the loss (log scale by default) and test accuracy;
                           --save also saves the (first) trained model as a safetensors file
         olympus-demo predict --model PATH   the test accuracy of a model saved with --save
         olympus-demo fit [--file DATA.dat] [--json] [--jit]
                           fit NIST StRD's 27 nonlinear regression problems (or one file in NIST's format) from both
                           certified starts and print the log relative error of every parameter, evaluations and time
         olympus-demo tour     a tour of tensors, operations, random keys and derivatives
         olympus-demo seeds    the worked numbers of seeds 000, 001 and 002 beside their expected values
         olympus-demo help     this text
  """

/// The commands, for the message about an unknown one.
let commands = ["train", "predict", "fit", "tour", "seeds", "help"]

/// The options of the training command.
let trainingFlags: Set = ["--model", "--epochs", "--batch-size", "--learning-rate", "--seed", "--plot", "--scale", "--save"]

/// Reads the training options, or explains what is wrong.
func parseTrainingOptions(_ arguments: ArraySlice<String>) throws -> TrainingOptions {
  var options = TrainingOptions()
  var remaining = arguments
  while let flag = remaining.popFirst() {
    guard trainingFlags.contains(flag) else { throw DataError("unknown option \(flag)\n\(usage)") }
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
    default:  // --scale
      guard value == "log" || value == "linear" else { throw DataError("--scale: \(value) is not log or linear") }
      options.logScale = value == "log"
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
  case "fit": try runFit(arguments.dropFirst())
  case "train": try runTraining(parseTrainingOptions(arguments.dropFirst()))
  case "predict":
    let rest = Array(arguments.dropFirst())
    guard rest.count == 2, rest[0] == "--model" else { throw DataError("predict needs --model PATH\n\(usage)") }
    try runPrediction(modelPath: rest[1])
  case "help", "-h", "--help": print(usage)
  case let option? where option.hasPrefix("--"): try runTraining(parseTrainingOptions(arguments))
  case nil: try runTraining(TrainingOptions())
  case let command?:
    throw DataError("unknown command '\(command)'; the commands are \(commands.joined(separator: ", "))\n\(usage)")
  }
} catch {
  FileHandle.standardError.write(Data("olympus-demo: \(error)\n".utf8))
  exit(1)
}
