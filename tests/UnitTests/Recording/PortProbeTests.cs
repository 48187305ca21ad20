using DockerRecord.Cli.Recording;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.UnitTests.Recording;

public sealed class PortProbeTests
{
    [Fact]
    public void Listening_sockets_and_their_processes_are_read_from_proc()
    {
        const string output = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1 0000000000000000 100 0 0 10 0
               1: 0100007F:1F90 0100007F:A000 01 00000000:00000000 00:00000000 00000000     0        0 2222 1 0000000000000000 100 0 0 10 0
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3333 1 0000000000000000 100 0 0 10 0
            #udp
               0: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4444 2 0000000000000000 0
            #fd
            /proc/12/fd socket:[1111]
            /proc/40/fd socket:[3333]
            #comm
            ==> /proc/12/comm <==
            nginx
            ==> /proc/40/comm <==
            python3
            """;
        Assert.Equal(
            [
                new ListeningPort("tcp", "0.0.0.0", 80, "nginx"),
                new ListeningPort("tcp", "::", 8080, "python3"),
                new ListeningPort("udp", "0.0.0.0", 53, null),
            ],
            PortProbe.Parse(output));
    }
}
