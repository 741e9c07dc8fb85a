import Foundation
import OlympusCore

/// Key prefixes and metadata of a checkpoint file.
enum CheckpointLayout {
  static let modelPrefix = "model."
  static let optimizerPrefix = "optimizer."
  static let stepKey = "step"
  static let formatKey = "format"
  static let format = "olympus-checkpoint-1"
}

/// Saves a model, its optimizer's state and the training step in one safetensors file.
///
/// The model's tensors are stored as `model.<path>` and the optimizer state's as
/// `optimizer.<path>` (paths as ``TensorTree/stateDict()`` names them), the step and `metadata`
/// in `__metadata__`. Any safetensors reader opens the file; ``loadCheckpoint(from:model:optimizerState:)``
/// restores it.
///
/// ```swift
/// try saveCheckpoint(model: model, optimizerState: optimizer.state, step: step, to: url)
/// ```
public func saveCheckpoint<Model: TensorTree, State: TensorTree>(
  model: Model, optimizerState: State, step: Int, metadata: [String: String] = [:], to url: URL
) throws {
  var tensors: [String: Tensor] = [:]
  for (path, tensor) in model.stateDict() { tensors[CheckpointLayout.modelPrefix + path] = tensor }
  for (path, tensor) in optimizerState.stateDict() { tensors[CheckpointLayout.optimizerPrefix + path] = tensor }
  var fields = metadata
  fields[CheckpointLayout.stepKey] = String(step)
  fields[CheckpointLayout.formatKey] = CheckpointLayout.format
  try writeSafetensors(tensors, metadata: fields, to: url)
}

/// Restores a checkpoint written by ``saveCheckpoint(model:optimizerState:step:metadata:to:)``
/// into `model` and `optimizerState` (which give the structure: build them as for training, then
/// load), and returns the step.
///
/// Every key must match (``TensorTree/loadStateDict(_:strict:)`` with `strict: true` for each
/// part); problems with the model and the state are reported together.
public func loadCheckpoint<Model: TensorTree, State: TensorTree>(
  from url: URL, model: inout Model, optimizerState: inout State
) throws -> Int {
  let operation = "loadCheckpoint(from:model:optimizerState:)"
  let (tensors, metadata) = try loadSafetensors(from: url)
  guard metadata[CheckpointLayout.formatKey] == CheckpointLayout.format,
    let stepText = metadata[CheckpointLayout.stepKey], let step = Int(stepText)
  else {
    throw OlympusError(operation, "\(url.path): not an Olympus checkpoint (its metadata lacks the format and step)")
  }
  func part(_ prefix: String) -> [String: Tensor] {
    Dictionary(uniqueKeysWithValues: tensors.compactMap { key, tensor in
      key.hasPrefix(prefix) ? (String(key.dropFirst(prefix.count)), tensor) : nil
    })
  }
  let unclaimed = tensors.keys.filter {
    !$0.hasPrefix(CheckpointLayout.modelPrefix) && !$0.hasPrefix(CheckpointLayout.optimizerPrefix)
  }
  var problems: [String] = unclaimed.isEmpty ? [] : ["keys outside model. and optimizer.: \(unclaimed.sorted())"]
  var restoredModel = model
  var restoredState = optimizerState
  do { try restoredModel.loadStateDict(part(CheckpointLayout.modelPrefix)) } catch let error as OlympusError {
    problems.append("model: \(error.message)")
  }
  do { try restoredState.loadStateDict(part(CheckpointLayout.optimizerPrefix)) } catch let error as OlympusError {
    problems.append("optimizer state: \(error.message)")
  }
  guard problems.isEmpty else { throw OlympusError(operation, "\(url.path): " + problems.joined(separator: "; ")) }
  model = restoredModel
  optimizerState = restoredState
  return step
}
