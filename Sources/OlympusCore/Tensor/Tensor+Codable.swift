extension Tensor: Codable {
  private enum CodingKeys: String, CodingKey {
    case dtype, shape, scalars
  }

  /// Encodes the type, shape and elements (exactly: floats as their own width, integers as
  /// integers). Inside a tree transformation, records the tensor as a leaf instead.
  public func encode(to encoder: any Encoder) throws {
    if let tree = encoder as? TreeEncoder {
      tree.node.kind = .leaf(tree.leaves.tensors.count)
      tree.leaves.tensors.append(self)
      return
    }
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(dtype.description, forKey: .dtype)
    try container.encode(shape, forKey: .shape)
    switch dtype {
    case .float32: try container.encode(scalars(as: Float.self), forKey: .scalars)
    case .float64: try container.encode(scalars(as: Double.self), forKey: .scalars)
    case .int32: try container.encode(scalars(as: Int32.self), forKey: .scalars)
    case .int64: try container.encode(scalars(as: Int64.self), forKey: .scalars)
    case .bool: try container.encode(scalars(as: Bool.self), forKey: .scalars)
    }
  }

  /// Decodes what `encode(to:)` wrote, checking that the elements fill the shape. Inside a tree
  /// transformation, takes the next leaf instead.
  public init(from decoder: any Decoder) throws {
    if let tree = decoder as? TreeDecoder {
      self = try tree.leaf()
      return
    }
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let name = try container.decode(String.self, forKey: .dtype)
    let shape = try container.decode([Int].self, forKey: .shape)
    guard let dtype = DType.allCases.first(where: { $0.description == name }) else {
      throw DecodingError.dataCorruptedError(forKey: .dtype, in: container, debugDescription: "unknown dtype \(name)")
    }
    func decoded<Scalar: TensorScalar & Decodable>(_ type: Scalar.Type) throws -> Tensor {
      let values = try container.decode([Scalar].self, forKey: .scalars)
      guard isValidShape(shape), values.count == shape.reduce(1, *) else {
        throw DecodingError.dataCorruptedError(
          forKey: .scalars, in: container,
          debugDescription: "\(values.count) scalars do not fill shape \(formatShape(shape))")
      }
      return Tensor(values, shape: shape)
    }
    switch dtype {
    case .float32: self = try decoded(Float.self)
    case .float64: self = try decoded(Double.self)
    case .int32: self = try decoded(Int32.self)
    case .int64: self = try decoded(Int64.self)
    case .bool: self = try decoded(Bool.self)
    }
  }
}
