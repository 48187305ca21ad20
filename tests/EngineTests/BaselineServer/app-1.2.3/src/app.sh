#!/bin/sh
echo "app 1.2.3"
