/* Helpers shared by the cmocka tests. Debian 12's cmocka (1.1.5) has no
 * assert_double_equal, so tolerance checks go through assert_near. */
#ifndef DEPLOYSIM_TEST_UTIL_H
#define DEPLOYSIM_TEST_UTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
/* cmocka.h needs the includes above first */
#include <cmocka.h>

#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (double)(a), b_ = (double)(b), e_ = (double)(eps);                             \
        if (!(fabs(a_ - b_) <= e_))                                                                \
            fail_msg("%s = %.9g, expected %s = %.9g within %.3g", #a, a_, #b, b_, e_);             \
    } while (0)

#endif
