#ifndef OLYMPUS_REDUCTION_H
#define OLYMPUS_REDUCTION_H

#include "olympus_common.h"

#endif
