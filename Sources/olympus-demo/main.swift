import Olympus

// olympus-demo [tour | seeds]
let arguments = Array(CommandLine.arguments.dropFirst())
do {
  switch arguments.first {
  case "seeds": try runSeeds()
  default: runTour()
  }
} catch {
  print("olympus-demo: \(error)")
}
