#!/bin/sh
# A vendor's install script: puts the tool into /opt/tool.
set -e
mkdir -p /opt/tool/bin
printf '#!/bin/sh\necho "tool 1.0"\n' > /opt/tool/bin/tool
chmod 755 /opt/tool/bin/tool
echo "tool 1.0 installed in /opt/tool"
