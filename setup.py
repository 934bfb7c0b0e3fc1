"""Package discovery: toolchain/ is the package and arch/ is mapped in as toolchain.arch."""
from setuptools import find_packages, setup

packages = find_packages(".", include=["toolchain", "toolchain.*"])
packages += ["toolchain.arch"] + ["toolchain.arch." + p for p in find_packages("arch")]
setup(packages=packages, package_dir={"toolchain": "toolchain", "toolchain.arch": "arch"})
