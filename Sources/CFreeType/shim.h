#include <ft2build.h>
#include FT_OUTLINE_H
