/// Olympus never unpickles: a pickle can run arbitrary code when loaded. PyTorch's `.pt` files are
/// pickles (bare, or inside a zip archive with a `data.pkl` member); these helpers recognize them
/// so that every loader can say so and point to safetensors.
let pickleAdvice =
  "it is a Python pickle (PyTorch .pt/.pth or similar), which Olympus never loads because unpickling runs code; "
  + "save it with safetensors.torch.save_file(model.state_dict(), path) and use loadSafetensors(from:)"

/// Throws when `file` starts like a pickle (protocol 2 to 5) or a PyTorch zip archive.
func refusePickle(_ file: ByteSlice, _ context: FileContext) throws {
  if file.count >= 2, file[0] == 0x80, (2...5).contains(file[1]) { throw context.error(pickleAdvice) }
  if file.hasPrefix(ZipFormat.localHeaderSignature), containsPickleMember(file) { throw context.error(pickleAdvice) }
}

/// Whether a zip archive's bytes name a `data.pkl` member (how PyTorch's archives are laid out).
func containsPickleMember(_ file: ByteSlice) -> Bool {
  let name = Array("data.pkl".utf8)
  let bytes = file.bytes(0..<file.count)
  guard bytes.count >= name.count else { return false }
  for start in 0...(bytes.count - name.count) where bytes[start] == name[0] {
    if name.indices.allSatisfy({ bytes[start + $0] == name[$0] }) { return true }
  }
  return false
}
