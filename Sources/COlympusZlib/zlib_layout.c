// COlympusZlib is a header of types; SwiftPM needs one source file to build the target.
#include "olympus_zlib.h"
