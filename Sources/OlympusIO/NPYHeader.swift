/// The header of an NPY file: the Python dict literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`, parsed strictly.
struct NPYHeader {
  /// The element format.
  var element: StoredElement
  /// Whether the data is in column-major order.
  var isFortranOrder: Bool
  /// The extents.
  var shape: [Int]

  /// Headers longer than this are refused before parsing (NumPy's own reader stops at 10 000).
  static let maximumLength = 65_535

  /// The header's text, padded with spaces and a newline so that the data starts at a multiple of
  /// 64 bytes after a preamble of `preambleLength` bytes, as NumPy aligns it.
  func text(preambleLength: Int) throws(NPYDescriptorError) -> [UInt8] {
    let dims = shape.map(String.init).joined(separator: ", ")
    let tuple = shape.count == 1 ? "(\(dims),)" : "(\(dims))"
    var text = Array(
      "{'descr': '\(try element.npyDescriptor())', 'fortran_order': \(isFortranOrder ? "True" : "False"), 'shape': \(tuple), }"
        .utf8)
    let padding = (64 - (preambleLength + text.count + 1) % 64) % 64
    text += [UInt8](repeating: 0x20, count: padding) + [0x0A]
    return text
  }
}

/// A format NPY has no descriptor for (bfloat16).
struct NPYDescriptorError: Error {}

extension StoredElement {
  /// NumPy's descriptor (`<f4`, `|b1`); bfloat16 has none.
  func npyDescriptor() throws(NPYDescriptorError) -> String {
    let code: Character
    switch kind {
    case .float: code = "f"
    case .signed: code = "i"
    case .unsigned: code = "u"
    case .bool: code = "b"
    case .bfloat: throw NPYDescriptorError()
    }
    let order = width == 1 ? "|" : (isBigEndian ? ">" : "<")
    return "\(order)\(code)\(width)"
  }

  /// The format of NumPy descriptor `text`, or a description of why it is refused.
  static func parseNPYDescriptor(_ text: String) -> Result<StoredElement, DescriptorRefusal> {
    var characters = Substring(text)
    var bigEndian = false
    if let first = characters.first, "<>|=".contains(first) {
      bigEndian = first == ">"
      characters = characters.dropFirst()
    }
    if characters.first == "O" {
      return .failure(DescriptorRefusal("object dtype '\(text)' holds pickled Python objects, which Olympus never loads"))
    }
    guard let code = characters.first, let width = Int(characters.dropFirst()), width > 0,
      characters.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
    else {
      return .failure(DescriptorRefusal("unknown dtype '\(text)'"))
    }
    let kind: Kind
    switch code {
    case "f" where [2, 4, 8].contains(width): kind = .float
    case "i" where [1, 2, 4, 8].contains(width): kind = .signed
    case "u" where [1, 2, 4].contains(width): kind = .unsigned
    case "u" where width == 8: return .failure(DescriptorRefusal("dtype '\(text)' (uint64) has values no Olympus dtype holds"))
    case "b" where width == 1: kind = .bool
    case "c": return .failure(DescriptorRefusal("complex dtype '\(text)' is not supported"))
    default: return .failure(DescriptorRefusal("unsupported dtype '\(text)'"))
    }
    return .success(StoredElement(kind, width, bigEndian: bigEndian))
  }
}

/// Why a descriptor is refused.
struct DescriptorRefusal: Error {
  let reason: String
  init(_ reason: String) { self.reason = reason }
}

/// A strict reader of the Python literal NumPy writes as an NPY header: a dict of the keys
/// `descr`, `fortran_order` and `shape`, each once, with a string, a bool and a tuple of integers.
struct NPYHeaderParser {
  private let bytes: [UInt8]
  private var position = 0
  private let context: FileContext

  private enum Value {
    case string(String)
    case bool(Bool)
    case tuple([Int])
  }

  /// Parses `bytes`.
  static func parse(_ bytes: [UInt8], _ context: FileContext) throws -> NPYHeader {
    var parser = NPYHeaderParser(bytes: bytes, context: context)
    return try parser.header()
  }

  private init(bytes: [UInt8], context: FileContext) {
    self.bytes = bytes
    self.context = context
  }

  private func fail(_ problem: String) -> Error {
    context.error("malformed NPY header at byte \(position): \(problem)")
  }

  private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

  private mutating func skipSpaces() {
    while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
  }

  private mutating func expect(_ character: Character) throws {
    skipSpaces()
    guard current == character.asciiValue else { throw fail("expected '\(character)'") }
    position += 1
  }

  private mutating func header() throws -> NPYHeader {
    if let index = bytes.firstIndex(where: { $0 >= 0x7F || ($0 < 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D) }) {
      throw context.error("NPY header has a byte \(bytes[index]) that is not printable ASCII at \(index)")
    }
    try expect("{")
    var entries: [String: Value] = [:]
    while true {
      skipSpaces()
      if current == UInt8(ascii: "}") { break }
      guard case .string(let key) = try value() else { throw fail("expected a string key") }
      guard entries[key] == nil else { throw context.error("NPY header has the key '\(key)' twice") }
      try expect(":")
      entries[key] = try value()
      skipSpaces()
      if current == UInt8(ascii: ",") { position += 1 } else if current != UInt8(ascii: "}") { throw fail("expected ',' or '}'") }
    }
    position += 1
    skipSpaces()
    guard position == bytes.count else { throw fail("unexpected text after the dict") }
    let extra = Set(entries.keys).subtracting(["descr", "fortran_order", "shape"])
    guard extra.isEmpty else { throw context.error("NPY header has unknown keys \(extra.sorted())") }
    guard case .string(let descriptor)? = entries["descr"] else { throw context.error("NPY header has no string 'descr'") }
    guard case .bool(let fortran)? = entries["fortran_order"] else {
      throw context.error("NPY header has no bool 'fortran_order'")
    }
    guard case .tuple(let shape)? = entries["shape"] else { throw context.error("NPY header has no tuple 'shape'") }
    switch StoredElement.parseNPYDescriptor(descriptor) {
    case .success(let element): return NPYHeader(element: element, isFortranOrder: fortran, shape: shape)
    case .failure(let refusal): throw context.error(refusal.reason)
    }
  }

  private mutating func value() throws -> Value {
    skipSpaces()
    guard let byte = current else { throw fail("unexpected end") }
    switch byte {
    case UInt8(ascii: "'"), UInt8(ascii: "\""):
      position += 1
      let start = position
      while let next = current, next != byte {
        guard next != UInt8(ascii: "\\") else { throw fail("escapes are not supported in strings") }
        position += 1
      }
      guard current == byte else { throw fail("unterminated string") }
      position += 1
      return .string(String(decoding: bytes[start..<(position - 1)], as: UTF8.self))
    case UInt8(ascii: "("):
      position += 1
      var items: [Int] = []
      while true {
        skipSpaces()
        if current == UInt8(ascii: ")") { break }
        items.append(try integer())
        skipSpaces()
        if current == UInt8(ascii: ",") { position += 1 } else if current != UInt8(ascii: ")") { throw fail("expected ',' or ')'") }
      }
      position += 1
      return .tuple(items)
    case UInt8(ascii: "["): throw context.error("structured (record) dtypes are not supported")
    default:
      for (word, flag) in [("True", true), ("False", false)] where bytes[position...].starts(with: word.utf8) {
        position += word.utf8.count
        return .bool(flag)
      }
      throw fail("unexpected character '\(Character(Unicode.Scalar(byte)))'")
    }
  }

  private mutating func integer() throws -> Int {
    if current == UInt8(ascii: "-") { throw context.error("NPY header shape has a negative dimension") }
    var result = 0
    let start = position
    while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
      let (scaled, overflow1) = result.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = scaled.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
      guard !overflow1 && !overflow2 else { throw context.error("NPY header shape has a dimension too large for an Int") }
      result = sum
      position += 1
    }
    guard position > start else { throw fail("expected an integer") }
    if current == UInt8(ascii: "L") { position += 1 }
    return result
  }
}
