/// An immutable list that keeps up to two elements inline and only a longer one in an array.
///
/// The lists of a reverse-mode record (its inputs' values and sources, its outputs) have one or
/// two elements for most primitives: kept this way, they cost the record no allocation of their
/// own, and a large graph's records no objects beside themselves.
struct InlineList<Element>: RandomAccessCollection {
  private let element0: Element?
  private let element1: Element?
  /// Every element, when there are more than two.
  private let spilled: [Element]
  /// The number of elements.
  let count: Int

  /// An empty list.
  init() {
    self.init([])
  }

  /// The elements of `elements`.
  init(_ elements: [Element]) {
    count = elements.count
    element0 = count == 1 || count == 2 ? elements[0] : nil
    element1 = count == 2 ? elements[1] : nil
    spilled = count > 2 ? elements : []
  }

  /// 0.
  var startIndex: Int { 0 }
  /// The number of elements.
  var endIndex: Int { count }

  /// Element `position`.
  subscript(position: Int) -> Element {
    if count > 2 { return spilled[position] }
    switch position {
    case 0 where count > 0: return element0!
    case 1 where count > 1: return element1!
    default: fatalError("InlineList: element \(position) of \(count)")
    }
  }

  /// The elements as an array (the stored one when there are more than two).
  var array: [Element] { count > 2 ? spilled : Array(self) }
}
