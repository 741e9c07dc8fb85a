// The values the README's and Guides' Swift snippets use without declaring them, for
// Scripts/check-snippets.sh: each snippet is compiled as the body of a function after this file.
import Olympus

let x = Tensor([0.5, -1.0, 2.0])
let y = Tensor([1.0, 0.0, 1.0])
let v = Tensor([1.0, 0.5, -0.5])
let w = Tensor([0.1, 0.2, 0.3])
let u = Tensor.eye(3, dtype: .float64)
let h = Tensor([0.2, 0.4, 0.6])
let h0 = Tensor.zeros([3], dtype: .float64)
let inputs = Tensor.ones([5, 3], dtype: .float64)
let xs = Tensor.ones([4, 3], dtype: .float64)
let ys = Tensor.ones([4], dtype: .float64)
let images = Tensor.zeros([8, 784])
let labels = Tensor.zeros([8], dtype: .int64)
let adam = Adam(learningRate: 1e-3)
/// Any per-example gradient over `[w, x, y]`.
func perExampleGradient(_ arguments: [Tensor]) -> [Tensor] { arguments }
/// A loss of any model.
func loss<Model>(_ model: Model, _ x: Tensor, _ y: Tensor) -> Tensor { (x - y).sum() }
let a = Tensor([4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 2.0], shape: [3, 3])
let b = Tensor([1.0, 2.0, 3.0])
let s = a
let p = Tensor.ones([2, 3, 4], dtype: .float64)
let q = Tensor.ones([2, 4, 5], dtype: .float64)
