#ifndef COLYMPUS_KERNELS_H
#define COLYMPUS_KERNELS_H

#include "olympus_common.h"
#include "olympus_elementwise.h"
#include "olympus_reduction.h"
#include "olympus_indexing.h"
#include "olympus_random.h"
#include "olympus_linalg.h"
#include "olympus_factorization.h"
#include "olympus_parallel.h"
#include "olympus_convolution.h"
#include "olympus_pooling.h"
#include "olympus_attention.h"
#include "olympus_normalization.h"
#include "olympus_prefetch.h"

#endif
