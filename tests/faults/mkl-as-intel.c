/* Preloaded into the runner by same-numbers.sh: MKL asks these two functions whether it runs on an
   Intel CPU and, on any other vendor, takes its generic code paths whatever the instruction set.
   Answering "yes" makes MKL on this machine choose the kernels it would choose on an Intel CPU with
   the same instructions, so one machine can show that MKL_CBWR=COMPATIBLE gives the same bits either
   way (measured on an AMD EPYC: without the pin, exp and SGEMM change; with it, nothing does). */
int mkl_serv_intel_cpu_true(void) { return 1; }
int mkl_serv_intel_cpu(void) { return 1; }
