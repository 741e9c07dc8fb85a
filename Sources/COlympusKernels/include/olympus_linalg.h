#ifndef OLYMPUS_LINALG_H
#define OLYMPUS_LINALG_H

#include "olympus_common.h"

#endif
