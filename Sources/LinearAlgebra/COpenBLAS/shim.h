// CBLAS and the LAPACK routines dynsweep uses, from OpenBLAS (pthread build).
#ifndef DYNSWEEP_COPENBLAS_SHIM_H
#define DYNSWEEP_COPENBLAS_SHIM_H
#include <cblas.h>

// LAPACK (Fortran symbols exported by libopenblas).
void dgesv_(const int *n, const int *nrhs, double *a, const int *lda, int *ipiv,
            double *b, const int *ldb, int *info);
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
            double *w, double *work, const int *lwork, int *info);
#endif
