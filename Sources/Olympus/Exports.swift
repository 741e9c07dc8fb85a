@_exported import OlympusCore
@_exported import OlympusKernels
