using System.ComponentModel.DataAnnotations;

namespace WeightSpace.Stages;

/// <summary>
/// How `--executor=slurm` submits jobs (docs/cluster.md). Read by no stage, so no stage's key
/// depends on it; Cake's --partition, --account, --time and --sbatch-args override these values.
/// </summary>
[ParamsSection("slurm")]
public sealed record SlurmParams(
    string Partition,                            // sbatch --partition; "" = the cluster's default partition
    string Account,                              // sbatch --account; "" = the user's default account
    string Time,                                 // sbatch --time of every job (e.g. "02:00:00"); "" = the partition's default
    string SbatchArgs,                           // more sbatch options for every job, split at spaces (e.g. "--mem=8G --qos=normal")
    [property: Range(1, 10_000)] int CnnShards,  // array tasks per generated CNN zoo, at most one per block of cnn_zoo.block_size models
    [property: Range(1, 3600)] int PollSeconds); // how often a waiting submission asks Slurm for the jobs' states
