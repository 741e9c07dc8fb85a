import Foundation

/// Writes training curves as an SVG line chart (loss per step for each model, on a shared axis).
enum LossPlot {
  /// A named series of values, drawn in `color`.
  struct Series {
    let name: String
    let values: [Double]
    let color: String
  }

  /// The SVG document for `series`.
  static func svg(_ series: [Series], title: String, width: Double = 720, height: Double = 400) -> String {
    let margin = (left: 60.0, right: 20.0, top: 40.0, bottom: 45.0)
    let plotWidth = width - margin.left - margin.right
    let plotHeight = height - margin.top - margin.bottom
    let longest = Double(Swift.max(series.map(\.values.count).max() ?? 1, 2) - 1)
    let finite = series.flatMap(\.values).filter(\.isFinite)
    let top = (finite.max() ?? 1) * 1.05
    let bottom = Swift.min(finite.min() ?? 0, 0)
    func x(_ index: Int) -> Double { margin.left + plotWidth * Double(index) / longest }
    func y(_ value: Double) -> Double { margin.top + plotHeight * (1 - (value - bottom) / Swift.max(top - bottom, 1e-12)) }
    var parts = [
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"Helvetica\" font-size=\"12\">",
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
      "<text x=\"\(width / 2)\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">\(title)</text>",
      "<line x1=\"\(margin.left)\" y1=\"\(margin.top + plotHeight)\" x2=\"\(margin.left + plotWidth)\" y2=\"\(margin.top + plotHeight)\" stroke=\"black\"/>",
      "<line x1=\"\(margin.left)\" y1=\"\(margin.top)\" x2=\"\(margin.left)\" y2=\"\(margin.top + plotHeight)\" stroke=\"black\"/>",
      "<text x=\"\(margin.left + plotWidth / 2)\" y=\"\(height - 10)\" text-anchor=\"middle\">training step</text>",
      "<text x=\"16\" y=\"\(margin.top + plotHeight / 2)\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(margin.top + plotHeight / 2))\">loss</text>",
    ]
    for tick in 0...4 {
      let value = bottom + (top - bottom) * Double(tick) / 4
      parts.append("<text x=\"\(margin.left - 6)\" y=\"\(y(value) + 4)\" text-anchor=\"end\">\(format(value, 2))</text>")
      parts.append("<line x1=\"\(margin.left)\" y1=\"\(y(value))\" x2=\"\(margin.left + plotWidth)\" y2=\"\(y(value))\" stroke=\"#eee\"/>")
    }
    for (index, line) in series.enumerated() {
      let points = line.values.enumerated().filter { $0.element.isFinite }
        .map { "\(format(x($0.offset), 1)),\(format(y($0.element), 1))" }.joined(separator: " ")
      parts.append("<polyline fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.5\" points=\"\(points)\"/>")
      let legendY = margin.top + 16 * Double(index) + 8
      parts.append("<line x1=\"\(width - 170)\" y1=\"\(legendY)\" x2=\"\(width - 150)\" y2=\"\(legendY)\" stroke=\"\(line.color)\" stroke-width=\"2\"/>")
      parts.append("<text x=\"\(width - 145)\" y=\"\(legendY + 4)\">\(line.name)</text>")
    }
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }

  /// Writes the chart to `path`.
  static func write(_ series: [Series], title: String, to path: String) throws {
    try svg(series, title: title).write(toFile: path, atomically: true, encoding: .utf8)
  }
}
