import OlympusCore

/// The gradients of a tree, checked against the parameters they update: the same paths, and at
/// each path a gradient of the parameter's shape (`nil` gradients, parameters without one this
/// step, always match). On a mismatch the update is rejected with one message that names
/// `operation`, every missing and unexpected path and every shape that differs, and the result is
/// `nil`.
func matchedGradients(
  _ gradients: [Tensor?], at gradientPaths: [String], for parameters: [Tensor], at parameterPaths: [String],
  _ operation: String
) -> [Tensor?]? {
  guard gradientPaths == parameterPaths else {
    let expected = Set(parameterPaths)
    let given = Set(gradientPaths)
    var problems: [String] = []
    let missing = parameterPaths.filter { !given.contains($0) }
    let unexpected = gradientPaths.filter { !expected.contains($0) }
    if !missing.isEmpty { problems.append("no gradient for \(listed(missing))") }
    if !unexpected.isEmpty { problems.append("gradients for unknown parameters \(listed(unexpected))") }
    if problems.isEmpty { problems.append("the gradients' leaves are in another order: \(listed(gradientPaths))") }
    check(
      false,
      OlympusError(
        operation,
        "the gradient tree (\(gradients.count) tensors) does not match the parameters (\(parameters.count) "
          + "tensors): " + problems.joined(separator: "; ")))
    return nil
  }
  let mismatched = zip(parameterPaths, zip(gradients, parameters)).compactMap { path, pair -> String? in
    guard let gradient = pair.0, gradient.shape != pair.1.shape else { return nil }
    return "\(path.isEmpty ? "the parameter" : path): gradient \(gradient.type) for parameter \(pair.1.type)"
  }
  guard check(mismatched.isEmpty, OlympusError(operation, mismatched.joined(separator: "; "))) else { return nil }
  return gradients
}

/// Paths for a message: quoted and comma-separated, the root tree as `(root)`.
private func listed(_ paths: [String]) -> String {
  paths.map { $0.isEmpty ? "(root)" : "'\($0)'" }.joined(separator: ", ")
}
