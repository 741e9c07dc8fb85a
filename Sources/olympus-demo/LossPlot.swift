import Foundation

/// Writes training curves as an SVG chart: the loss per step of each model (above, on a log or
/// linear scale) and its test accuracy after each epoch (below), on a shared axis of epochs with
/// a mark at every epoch boundary.
enum LossPlot {
  /// One model's curves, drawn in `color`.
  struct Series {
    let name: String
    /// The (smoothed) training loss after every step.
    let losses: [Double]
    /// The test accuracy (a fraction) after every epoch.
    let testAccuracy: [Double]
    let color: String
  }

  /// A rectangle of the drawing.
  private struct Frame {
    let left: Double
    let top: Double
    let width: Double
    let height: Double
    var right: Double { left + width }
    var bottom: Double { top + height }
  }

  /// The SVG document for `series`, with `stepsPerEpoch` steps in every epoch.
  static func svg(
    _ series: [Series], title: String, stepsPerEpoch: Int, logScale: Bool, width: Double = 760, height: Double = 580
  ) -> String {
    let epochs = Swift.max(series.map(\.testAccuracy.count).max() ?? 1, 1)
    let loss = Frame(left: 70, top: 50, width: width - 90, height: (height - 140) * 0.68)
    let accuracy = Frame(left: 70, top: loss.bottom + 30, width: loss.width, height: (height - 140) * 0.32)
    func x(epoch: Double) -> Double { loss.left + loss.width * epoch / Double(epochs) }
    func x(step: Int) -> Double { x(epoch: Double(step + 1) / Double(Swift.max(stepsPerEpoch, 1))) }

    var parts = [
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"Helvetica\" font-size=\"12\">",
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
      text(width / 2, 26, title, anchor: "middle", size: 15),
    ]
    // Epoch marks across both panels, and the shared x-axis labels under the lower one.
    let epochTicks = niceTicks(0, Double(epochs), count: 10).filter { $0 >= 0 && $0 <= Double(epochs) }
    for epoch in 0...epochs {
      for frame in [loss, accuracy] {
        parts.append(line(x(epoch: Double(epoch)), frame.top, x(epoch: Double(epoch)), frame.bottom, color: "#e4e4e4"))
      }
    }
    for tick in epochTicks {
      parts.append(line(x(epoch: tick), accuracy.bottom, x(epoch: tick), accuracy.bottom + 5, color: "black"))
      parts.append(text(x(epoch: tick), accuracy.bottom + 18, label(tick, step: 1), anchor: "middle"))
    }
    parts.append(
      text(
        accuracy.left + accuracy.width / 2, height - 12,
        "epoch (\(stepsPerEpoch) training steps each; vertical lines mark epoch ends)", anchor: "middle"))

    // Loss panel.
    let values = series.flatMap(\.losses).filter { $0.isFinite && (!logScale || $0 > 0) }
    let low = values.min() ?? 0.1
    let high = values.max() ?? 1
    let lossTicks = logScale ? logTicks(low, high) : niceTicks(Swift.min(low, 0), high, count: 6)
    let (bottomValue, topValue) = (lossTicks.first ?? low, lossTicks.last ?? high)
    func scaled(_ value: Double) -> Double { logScale ? log10(value) : value }
    func y(loss value: Double) -> Double {
      let span = Swift.max(scaled(topValue) - scaled(bottomValue), 1e-12)
      return loss.bottom - loss.height * (scaled(value) - scaled(bottomValue)) / span
    }
    for tick in lossTicks {
      parts.append(line(loss.left, y(loss: tick), loss.right, y(loss: tick), color: "#d0d0d0"))
      parts.append(text(loss.left - 6, y(loss: tick) + 4, logScale ? logLabel(tick) : label(tick, step: lossTicks.step), anchor: "end"))
    }
    parts.append(axes(loss))
    parts.append(
      verticalText(18, loss.top + loss.height / 2, logScale ? "training loss (log scale)" : "training loss"))
    for line in series {
      let points = line.losses.enumerated().filter { $0.element.isFinite && (!logScale || $0.element > 0) }
        .map { "\(format(x(step: $0.offset), 1)),\(format(y(loss: $0.element), 1))" }
      parts.append(polyline(points, color: line.color))
    }

    // Accuracy panel, in percent.
    let percentages = series.flatMap(\.testAccuracy).map { $0 * 100 }
    let accuracyTicks = niceTicks(Swift.min(percentages.min() ?? 0, 99), 100, count: 4)
    let (accuracyLow, accuracyHigh) = (accuracyTicks.first ?? 0, accuracyTicks.last ?? 100)
    func y(percent: Double) -> Double {
      accuracy.bottom - accuracy.height * (percent - accuracyLow) / Swift.max(accuracyHigh - accuracyLow, 1e-12)
    }
    for tick in accuracyTicks {
      parts.append(line(accuracy.left, y(percent: tick), accuracy.right, y(percent: tick), color: "#d0d0d0"))
      parts.append(text(accuracy.left - 6, y(percent: tick) + 4, label(tick, step: accuracyTicks.step) + "%", anchor: "end"))
    }
    parts.append(axes(accuracy))
    parts.append(verticalText(18, accuracy.top + accuracy.height / 2, "test accuracy"))
    for (index, line) in series.enumerated() {
      let points = line.testAccuracy.enumerated().map { (x(epoch: Double($0.offset + 1)), y(percent: $0.element * 100)) }
      parts.append(polyline(points.map { "\(format($0.0, 1)),\(format($0.1, 1))" }, color: line.color))
      for point in points {
        parts.append("<circle cx=\"\(format(point.0, 1))\" cy=\"\(format(point.1, 1))\" r=\"2.5\" fill=\"\(line.color)\"/>")
      }
      // Legend, with the final test accuracy.
      let legendY = loss.top + 16 * Double(index) + 12
      let final = line.testAccuracy.last.map { " (test accuracy \(format($0 * 100, 2))%)" } ?? ""
      parts.append(
        "<rect x=\"\(loss.right - 262)\" y=\"\(legendY - 11)\" width=\"258\" height=\"16\" fill=\"white\" fill-opacity=\"0.85\"/>")
      parts.append(Self.line(loss.right - 256, legendY - 4, loss.right - 236, legendY - 4, color: line.color, width: 2))
      parts.append(text(loss.right - 230, legendY, line.name + final))
    }
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }

  /// Writes the chart to `path`.
  static func write(_ series: [Series], title: String, stepsPerEpoch: Int, logScale: Bool, to path: String) throws {
    try svg(series, title: title, stepsPerEpoch: stepsPerEpoch, logScale: logScale)
      .write(toFile: path, atomically: true, encoding: .utf8)
  }

  // MARK: Ticks

  /// Ticks at multiples of the step, with the step they were made with.
  struct Ticks: Sequence {
    var values: [Double]
    var step: Double
    var first: Double? { values.first }
    var last: Double? { values.last }
    func makeIterator() -> IndexingIterator<[Double]> { values.makeIterator() }
    func filter(_ keep: (Double) -> Bool) -> [Double] { values.filter(keep) }
  }

  /// About `count` ticks covering `low ... high` at a step of 1, 2 or 5 times a power of ten; the
  /// first and last tick enclose the range.
  static func niceTicks(_ low: Double, _ high: Double, count: Int) -> Ticks {
    let span = high > low ? high - low : Swift.max(Swift.abs(high), 1)
    let raw = span / Double(Swift.max(count, 1))
    let power = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw * (1 - 1e-9) } ?? 10 * power
    let first = floor(low / step + 1e-9)
    let last = ceil(high / step - 1e-9)
    let values = stride(from: first, through: Swift.max(last, first + 1), by: 1).map { $0 * step }
    return Ticks(values: values, step: step)
  }

  /// Ticks for a log axis covering `low ... high`: 1, 2 and 5 times powers of ten from the last
  /// one at or below `low` to the first at or above `high`; beyond ten ticks, the powers of ten
  /// between those two.
  static func logTicks(_ low: Double, _ high: Double) -> Ticks {
    var candidates: [Double] = []
    for decade in Int(floor(log10(low))) - 1...Int(ceil(log10(high))) + 1 {
      for mantissa in [1.0, 2, 5] { candidates.append(mantissa * pow(10, Double(decade))) }
    }
    let below = candidates.last { $0 <= low * (1 + 1e-9) } ?? candidates[0]
    let above = candidates.first { $0 >= high * (1 - 1e-9) } ?? candidates[candidates.count - 1]
    let values = candidates.filter { $0 >= below && $0 <= above }
    guard values.count > 10 else { return Ticks(values: values, step: 0) }
    let decades = values.filter { $0 == below || $0 == above || abs(log10($0).rounded() - log10($0)) < 1e-9 }
    return Ticks(values: decades, step: 0)
  }

  /// A tick value with as many decimals as its step needs.
  static func label(_ value: Double, step: Double) -> String {
    guard step < 1, step > 0 else { return "\(Int(value.rounded()))" }
    return format(value, Int(ceil(-log10(step) - 1e-9)))
  }

  /// A tick value of a log axis: `0.02`, `0.5`, `1`, `20`.
  static func logLabel(_ value: Double) -> String {
    label(value, step: pow(10, floor(log10(value) + 1e-9)))
  }

  // MARK: SVG elements

  private static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String, width: Double = 1) -> String {
    "<line x1=\"\(format(x1, 1))\" y1=\"\(format(y1, 1))\" x2=\"\(format(x2, 1))\" y2=\"\(format(y2, 1))\" "
      + "stroke=\"\(color)\" stroke-width=\"\(width)\"/>"
  }

  private static func text(_ x: Double, _ y: Double, _ content: String, anchor: String = "start", size: Int = 12) -> String {
    "<text x=\"\(format(x, 1))\" y=\"\(format(y, 1))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\">\(content)</text>"
  }

  private static func verticalText(_ x: Double, _ y: Double, _ content: String) -> String {
    "<text x=\"\(format(x, 1))\" y=\"\(format(y, 1))\" text-anchor=\"middle\" "
      + "transform=\"rotate(-90 \(format(x, 1)) \(format(y, 1)))\">\(content)</text>"
  }

  private static func axes(_ frame: Frame) -> String {
    line(frame.left, frame.bottom, frame.right, frame.bottom, color: "black") + "\n"
      + line(frame.left, frame.top, frame.left, frame.bottom, color: "black")
  }

  private static func polyline(_ points: [String], color: String) -> String {
    "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>"
  }
}
