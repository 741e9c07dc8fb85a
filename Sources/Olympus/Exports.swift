@_exported import OlympusCore
@_exported import OlympusKernels
@_exported import OlympusOptimizers
