/// The atoms that stand for the variables a pass removed (simplification, common subexpressions).
///
/// Every operand of every equation is checked against it, so the check reads one flag per
/// variable (a byte, so the flags of a large graph stay in cache); the replacements themselves
/// are few and kept by variable number.
struct VariableReplacements {
  private var isReplaced: [Bool]
  private var replacements: [Int: Graph.Atom] = [:]

  /// No replacements yet, for variables numbered below `variableCount`.
  init(variableCount: Int) {
    isReplaced = [Bool](repeating: false, count: variableCount)
  }

  /// Makes `atom` stand for `variable`.
  mutating func replace(_ variable: Graph.Variable, with atom: Graph.Atom) {
    isReplaced[variable.id] = true
    replacements[variable.id] = atom
  }

  /// Whether some operand among `atoms` has a replacement.
  func replacesSome(of atoms: some Sequence<Graph.Atom>) -> Bool {
    atoms.contains { atom in
      if case .variable(let variable) = atom { return isReplaced[variable.id] }
      return false
    }
  }

  /// `atom`'s replacement, or `atom` itself.
  func resolve(_ atom: Graph.Atom) -> Graph.Atom {
    guard case .variable(let variable) = atom, isReplaced[variable.id] else { return atom }
    return replacements[variable.id]!
  }
}
