@_exported import OlympusCore
@_exported import OlympusKernels
@_exported import OlympusData
@_exported import OlympusNN
@_exported import OlympusOptimizers
@_exported import OlympusIO
@_exported import OlympusSolvers
