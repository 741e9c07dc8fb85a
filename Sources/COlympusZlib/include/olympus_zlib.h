#ifndef OLYMPUS_ZLIB_H
#define OLYMPUS_ZLIB_H

// The layout of zlib's `z_stream` (zlib.h, stable since zlib 1.0), so that Swift can drive a zlib
// that OlympusIO loads at run time with dlopen. Nothing here links against zlib.

typedef struct olympus_z_stream {
  const unsigned char *next_in;
  unsigned int avail_in;
  unsigned long total_in;
  unsigned char *next_out;
  unsigned int avail_out;
  unsigned long total_out;
  const char *msg;
  void *state;
  void *zalloc;
  void *zfree;
  void *opaque;
  int data_type;
  unsigned long adler;
  unsigned long reserved;
} olympus_z_stream;

/// sizeof(z_stream), which zlib's init functions check.
static inline int olympus_z_stream_size(void) { return (int)sizeof(olympus_z_stream); }

#endif
