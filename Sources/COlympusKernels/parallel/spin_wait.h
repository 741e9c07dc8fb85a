// Busy waiting that stays polite to the other hyperthread and to a descheduled peer.

#ifndef OLYMPUS_SPIN_WAIT_H
#define OLYMPUS_SPIN_WAIT_H

#include <sched.h>

// One step of a spin loop: a pause instruction, and every 1024th step a `sched_yield`, since
// the thread being waited for may have lost its core. `spins` counts the steps taken.
static inline void olk_pause_briefly(unsigned *spins) {
  if (++*spins % 1024 == 0) {
    sched_yield();
    return;
  }
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ volatile("yield");
#endif
}

#endif
