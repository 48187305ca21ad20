namespace DockerRecord.Passes.Ordering;

/// <summary>
/// Where an instruction belongs in a well-layered Dockerfile: what changes least goes first, so an edit to the
/// application does not rebuild the package layers. The reorder pass sorts by it (within the dependencies), the
/// group pass never joins two classes into one RUN.
/// </summary>
enum LayerClass
{
    /// <summary>Package installs and repository setup (<c>apt-get update/install</c>, <c>/etc/apt</c>, pip, npm…).</summary>
    Packages = 0,
    /// <summary>System configuration: <c>/etc</c>, <c>/usr</c>, <c>/var</c>, users and groups.</summary>
    System = 1,
    /// <summary>Application files: <c>/opt</c>, <c>/srv</c>, <c>/home</c>, <c>/app</c>, <c>/var/www</c>, the workdir, anything else.</summary>
    Application = 2,
}
