// OpenMPI's handles (MPI_COMM_WORLD, MPI_DOUBLE, MPI_SUM, ...) are macros that expand to
// addresses of library globals, which Swift cannot import. These getters return them.
#ifndef DYNSWEEP_CMPI_SHIM_H
#define DYNSWEEP_CMPI_SHIM_H
#include <mpi.h>

static inline MPI_Comm dyn_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Comm dyn_mpi_comm_self(void) { return MPI_COMM_SELF; }
static inline MPI_Datatype dyn_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype dyn_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Datatype dyn_mpi_uint8(void) { return MPI_UINT8_T; }
static inline MPI_Op dyn_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op dyn_mpi_max(void) { return MPI_MAX; }
static inline MPI_Op dyn_mpi_min(void) { return MPI_MIN; }
static inline MPI_Info dyn_mpi_info_null(void) { return MPI_INFO_NULL; }
static inline MPI_Status *dyn_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
static inline int dyn_mpi_any_source(void) { return MPI_ANY_SOURCE; }
static inline int dyn_mpi_any_tag(void) { return MPI_ANY_TAG; }
static inline MPI_Errhandler dyn_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline void *dyn_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline int dyn_mpi_comm_type_shared(void) { return MPI_COMM_TYPE_SHARED; }
#endif
