/// A JSON value whose objects keep their key order, written exactly as Python's `json.dumps`
/// writes it (`", "` and `": "` separators, non-ASCII escaped), so Olympus lines look like the peers'.
enum JSONValue: Sendable {
  case null
  case bool(Bool)
  case integer(Int)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])
  /// Text that already is JSON (another olympus-bench process's output), written as it is.
  case serialized(String)

  /// The serialized text.
  var text: String {
    switch self {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .integer(let value): return String(value)
    case .number(let value):
      // Swift's description is the shortest round-trip form, like Python's repr; JSON has no NaN.
      return value.isFinite ? value.description : "null"
    case .string(let value): return JSONValue.quoted(value)
    case .array(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
    case .object(let members):
      return "{" + members.map { JSONValue.quoted($0.0) + ": " + $0.1.text }.joined(separator: ", ") + "}"
    case .serialized(let text): return text
    }
  }

  /// `value` as a JSON string literal with Python's `ensure_ascii` escaping.
  private static func quoted(_ value: String) -> String {
    var out = "\""
    for unit in value.utf16 {
      switch unit {
      case 0x22: out += "\\\""
      case 0x5c: out += "\\\\"
      case 0x0a: out += "\\n"
      case 0x0d: out += "\\r"
      case 0x09: out += "\\t"
      case 0x08: out += "\\b"
      case 0x0c: out += "\\f"
      case 0x20..<0x7f: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
      default:
        let hex = String(unit, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      }
    }
    return out + "\""
  }
}

/// An ordered list of object members.
typealias JSONMembers = [(String, JSONValue)]

extension JSONValue {
  /// A number, or `null` when absent.
  static func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
}
