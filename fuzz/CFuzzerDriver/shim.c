// Header-only bridge (SwiftPM needs a source file in a C target).
#include "CFuzzerDriver.h"
