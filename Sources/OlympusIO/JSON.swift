/// A JSON value, as a strict parser of untrusted headers reads it: object members keep their
/// order and a key given twice is an error; numbers keep their text so that integers are read
/// exactly and out-of-range ones are reported rather than rounded.
enum JSONValue {
  case object([(key: String, value: JSONValue)])
  case array([JSONValue])
  case string(String)
  case number(String)
  case bool(Bool)
  case null

  /// The value as an exact integer, if it is a number without fraction or exponent within `Int`.
  var integer: Int? {
    guard case .number(let text) = self, !text.contains(where: { ".eE".contains($0) }) else { return nil }
    return Int(text)
  }

  /// A short description of the value's kind for error messages.
  var kind: String {
    switch self {
    case .object: "an object"
    case .array: "an array"
    case .string: "a string"
    case .number(let text): "the number \(text.prefix(40))"
    case .bool(let flag): "\(flag)"
    case .null: "null"
    }
  }
}

/// Why JSON text is malformed.
struct JSONSyntaxError: Error {
  let offset: Int
  let problem: String
}

/// A recursive-descent parser of RFC 8259 JSON over UTF-8 bytes that the caller has validated.
struct JSONParser {
  private let bytes: UnsafeRawBufferPointer
  private var position = 0
  private var depth = 0
  /// Nesting deeper than this is refused, so hostile input cannot exhaust the stack.
  static let maximumDepth = 64

  /// The single value `bytes` hold, with nothing but whitespace after it.
  static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue {
    var parser = JSONParser(bytes: bytes)
    let value = try parser.value()
    parser.skipWhitespace()
    guard parser.position == bytes.count else { throw parser.fail("unexpected text after the value") }
    return value
  }

  private init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  private func fail(_ problem: String) -> JSONSyntaxError { JSONSyntaxError(offset: position, problem: problem) }

  private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

  private mutating func skipWhitespace() {
    while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
  }

  private mutating func value() throws(JSONSyntaxError) -> JSONValue {
    skipWhitespace()
    guard let byte = current else { throw fail("unexpected end") }
    switch byte {
    case UInt8(ascii: "{"): return try object()
    case UInt8(ascii: "["): return try array()
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    default: throw fail("unexpected character \(byte)")
    }
  }

  private mutating func literal(_ word: String, _ result: JSONValue) throws(JSONSyntaxError) -> JSONValue {
    for expected in word.utf8 {
      guard current == expected else { throw fail("invalid literal") }
      position += 1
    }
    return result
  }

  private mutating func nested() throws(JSONSyntaxError) {
    depth += 1
    guard depth <= Self.maximumDepth else { throw fail("nesting deeper than \(Self.maximumDepth)") }
    position += 1
  }

  private mutating func object() throws(JSONSyntaxError) -> JSONValue {
    try nested()
    var members: [(key: String, value: JSONValue)] = []
    var keys = Set<String>()
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      position += 1
      depth -= 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\"") else { throw fail("expected a string key") }
      let keyOffset = position
      let key = try string()
      guard keys.insert(key).inserted else {
        throw JSONSyntaxError(offset: keyOffset, problem: "duplicate key \"\(key.prefix(80))\"")
      }
      skipWhitespace()
      guard current == UInt8(ascii: ":") else { throw fail("expected ':'") }
      position += 1
      members.append((key, try value()))
      skipWhitespace()
      if current == UInt8(ascii: ",") {
        position += 1
      } else if current == UInt8(ascii: "}") {
        position += 1
        depth -= 1
        return .object(members)
      } else {
        throw fail("expected ',' or '}'")
      }
    }
  }

  private mutating func array() throws(JSONSyntaxError) -> JSONValue {
    try nested()
    var elements: [JSONValue] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      position += 1
      depth -= 1
      return .array(elements)
    }
    while true {
      elements.append(try value())
      skipWhitespace()
      if current == UInt8(ascii: ",") {
        position += 1
      } else if current == UInt8(ascii: "]") {
        position += 1
        depth -= 1
        return .array(elements)
      } else {
        throw fail("expected ',' or ']'")
      }
    }
  }

  private mutating func number() throws(JSONSyntaxError) -> JSONValue {
    let start = position
    func digits(_ parser: inout JSONParser) -> Int {
      let from = parser.position
      while let byte = parser.current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { parser.position += 1 }
      return parser.position - from
    }
    if current == UInt8(ascii: "-") { position += 1 }
    let integerStart = position
    let integerDigits = digits(&self)
    guard integerDigits > 0 else { throw fail("expected digits") }
    guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw fail("leading zero") }
    if current == UInt8(ascii: ".") {
      position += 1
      guard digits(&self) > 0 else { throw fail("expected digits after '.'") }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      position += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
      guard digits(&self) > 0 else { throw fail("expected exponent digits") }
    }
    return .number(String(decoding: bytes[start..<position], as: UTF8.self))
  }

  private mutating func string() throws(JSONSyntaxError) -> String {
    position += 1
    var scalars = String.UnicodeScalarView()
    var runStart = position
    func flushRun(_ parser: JSONParser, upTo end: Int) {
      scalars.append(contentsOf: String(decoding: parser.bytes[runStart..<end], as: UTF8.self).unicodeScalars)
    }
    while true {
      guard let byte = current else { throw fail("unterminated string") }
      if byte == UInt8(ascii: "\"") {
        flushRun(self, upTo: position)
        position += 1
        return String(scalars)
      }
      guard byte >= 0x20 else { throw fail("control character in a string") }
      guard byte == UInt8(ascii: "\\") else {
        position += 1
        continue
      }
      flushRun(self, upTo: position)
      position += 1
      guard let escape = current else { throw fail("unterminated escape") }
      position += 1
      switch escape {
      case UInt8(ascii: "\""): scalars.append("\"")
      case UInt8(ascii: "\\"): scalars.append("\\")
      case UInt8(ascii: "/"): scalars.append("/")
      case UInt8(ascii: "b"): scalars.append("\u{08}")
      case UInt8(ascii: "f"): scalars.append("\u{0C}")
      case UInt8(ascii: "n"): scalars.append("\n")
      case UInt8(ascii: "r"): scalars.append("\r")
      case UInt8(ascii: "t"): scalars.append("\t")
      case UInt8(ascii: "u"):
        var code = try hexQuad()
        if (0xD800..<0xDC00).contains(code) {
          guard current == UInt8(ascii: "\\") else { throw fail("unpaired surrogate") }
          position += 1
          guard current == UInt8(ascii: "u") else { throw fail("unpaired surrogate") }
          position += 1
          let low = try hexQuad()
          guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
          code = 0x10000 + (code - 0xD800) << 10 + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw fail("unpaired surrogate") }
        scalars.append(scalar)
      default: throw fail("invalid escape")
      }
      runStart = position
    }
  }

  private mutating func hexQuad() throws(JSONSyntaxError) -> UInt32 {
    var code: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = current, let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
        throw fail("invalid \\u escape")
      }
      code = code << 4 | UInt32(digit)
      position += 1
    }
    return code
  }
}

/// `text` as a JSON string literal.
func jsonQuoted(_ text: String) -> String {
  var result = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\"": result += "\\\""
    case "\\": result += "\\\\"
    case "\n": result += "\\n"
    case "\r": result += "\\r"
    case "\t": result += "\\t"
    case _ where scalar.value < 0x20: result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
    default: result.unicodeScalars.append(scalar)
    }
  }
  return result + "\""
}
